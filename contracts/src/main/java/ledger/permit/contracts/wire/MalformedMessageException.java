package ledger.permit.contracts.wire;

/** A message that cannot be read as any known type and version: retrying will not help. */
public final class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
