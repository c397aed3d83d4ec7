package ledger.permit.rules.policy;

/**
 * What validation found in a policy: where (the path of the value and, when read from a file, its line), what is
 * wrong, and the clause that makes it wrong.
 */
public record Finding(Severity severity, String policy, String path, Integer line, String message, Citation clause) {

    public enum Severity { ERROR, WARNING }

    static Finding error(String policy, String path, String message, Citation clause) {
        return new Finding(Severity.ERROR, policy, path, null, message, clause);
    }

    static Finding error(String policy, String path, Integer line, String message) {
        return new Finding(Severity.ERROR, policy, path, line, message, null);
    }

    Finding atLine(Integer line) {
        return new Finding(severity, policy, path, line, message, clause);
    }

    @Override
    public String toString() {
        return severity + " " + policy + (line == null ? "" : ":" + line) + (path == null ? "" : " " + path) + ": "
                + message + (clause == null ? "" : " (" + clause + ")");
    }
}
