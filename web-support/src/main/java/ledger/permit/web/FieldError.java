package ledger.permit.web;

/** One refused field of a request: which, and why, in words the caller can act on. */
public record FieldError(String field, String reason) {
}
