package ledger.permit.contracts.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/** The identity of one holder's event stream. Carries no personal data. */
public record HolderId(UUID value) {

    public HolderId {
        if (value == null) {
            throw new InvalidValueException("holder ID is missing");
        }
    }

    @JsonCreator
    public static HolderId of(String value) {
        if (value == null) {
            throw new InvalidValueException("holder ID is missing");
        }
        try {
            return new HolderId(UUID.fromString(value.strip()));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("holder ID must be a UUID");
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
