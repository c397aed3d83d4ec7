package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.annotation.JsonProperty;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.WireType;

/** A message on a public statistics topic: it names its own type and version in the body. */
public sealed interface PublicMessage permits HolderFact, EntitlementChange, HolderFactV2, EntitlementChangeV2 {

    String messageId();

    String holderKey();

    @JsonProperty(value = "type", access = JsonProperty.Access.READ_ONLY)
    default String type() {
        return HolderEventCodec.wireTypeOf(getClass()).name();
    }

    @JsonProperty(value = "version", access = JsonProperty.Access.READ_ONLY)
    default int version() {
        return HolderEventCodec.wireTypeOf(getClass()).version();
    }
}
