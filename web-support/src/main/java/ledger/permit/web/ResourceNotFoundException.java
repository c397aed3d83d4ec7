package ledger.permit.web;

/** The thing a request names does not exist (as far as this service knows). */
public final class ResourceNotFoundException extends RuntimeException {
    public ResourceNotFoundException(String message) {
        super(message);
    }
}
