package ledger.permit.rules.policy;

/** What validation found in a policy: where, what is wrong, and the clause that makes it wrong. */
public record Finding(Severity severity, String policy, String path, String message, Citation clause) {

    public enum Severity { ERROR, WARNING }

    static Finding error(String policy, String path, String message, Citation clause) {
        return new Finding(Severity.ERROR, policy, path, message, clause);
    }

    @Override
    public String toString() {
        return severity + " " + policy + (path == null ? "" : " " + path) + ": " + message
                + (clause == null ? "" : " (" + clause + ")");
    }
}
