package ledger.permit.storedfacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.HolderFacts.InsuranceMonth;

import java.util.Map;

/**
 * How a holder's folded facts ({@link HolderFacts}) are stored, in the read model's {@code holder.facts} column and in
 * the command service's snapshots: as the events' own JSON, but each contribution month as one text
 * ({@link StoredInsuranceMonths}). The rules know nothing of it; the modules that store facts ask here.
 */
public final class StoredFacts {

    private static final ObjectMapper JSON = register(HolderEventCodec.newMapper());

    private StoredFacts() {
    }

    /** {@code mapper}, writing and reading facts in their stored form from now on. */
    public static ObjectMapper register(ObjectMapper mapper) {
        return mapper.addMixIn(HolderFacts.class, Format.class);
    }

    /** The stored form's one difference from the facts' plain JSON. */
    abstract static class Format {
        @JsonSerialize(using = StoredInsuranceMonths.Writer.class)
        @JsonDeserialize(using = StoredInsuranceMonths.Reader.class)
        abstract Map<String, InsuranceMonth> insurance();
    }

    /**
     * Facts as stored ({@link #write}); a map's order need not be kept (read models stored before V4 of the read
     * model's migrations had their keys reordered by PostgreSQL's {@code jsonb}): the rules never depend on it. Facts
     * stored before the hukou and the children's completions were facts read as having none.
     */
    public static HolderFacts read(String json) {
        try {
            return JSON.readValue(json, HolderFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored facts cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** These facts as a JSON tree in the stored form: how an audit compares a replay with what the projector stored. */
    public static com.fasterxml.jackson.databind.JsonNode tree(HolderFacts facts) {
        return JSON.valueToTree(facts);
    }

    /** These facts as they are stored. */
    public static String write(HolderFacts facts) {
        try {
            return JSON.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("facts cannot be written: " + e.getOriginalMessage(), e);
        }
    }
}
