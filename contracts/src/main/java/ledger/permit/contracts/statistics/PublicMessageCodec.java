package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.MalformedMessageException;

/** Reads and writes the messages of the public statistics topics. */
public final class PublicMessageCodec {

    private static final ObjectMapper MAPPER = HolderEventCodec.newMapper();

    private PublicMessageCodec() {
    }

    public static String write(PublicMessage message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("public message cannot be written as JSON", e);
        }
    }

    /** Reads a message of any public type and version this build knows; anything else is malformed. */
    public static PublicMessage read(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            String type = tree.path("type").asText();
            int version = tree.path("version").asInt();
            Class<? extends PublicMessage> target = null;
            for (Class<?> candidate : PublicMessage.class.getPermittedSubclasses()) {
                var wire = HolderEventCodec.wireTypeOf(candidate);
                if (wire.name().equals(type) && wire.version() == version) {
                    target = candidate.asSubclass(PublicMessage.class);
                }
            }
            if (target == null) {
                throw new MalformedMessageException("unknown public message type " + type + " version " + version,
                        null);
            }
            return MAPPER.treeToValue(tree, target);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("not a public message: " + e.getOriginalMessage(), e);
        }
    }
}
