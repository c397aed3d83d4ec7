package ledger.permit.rules.policy;

import java.util.List;
import java.util.stream.Collectors;

/** Policies that cannot be used as they are; every finding says where and why. */
public final class InvalidPolicyException extends RuntimeException {

    private final List<Finding> findings;

    public InvalidPolicyException(List<Finding> findings) {
        super(findings.stream().map(Finding::toString).collect(Collectors.joining("; ")));
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }
}
