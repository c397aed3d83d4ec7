package ledger.permit.web.security;

/**
 * The roles a bearer token grants, in its {@code roles} claim. Decree 663 Art. 17 binds whoever sees a
 * holder's data to confidentiality: each role sees only what its work needs.
 */
public enum Role {
    /** records facts: every command */
    REGISTRAR,
    /** a service agency: one named holder's entitlements, with a stated purpose ({@code X-Purpose}) */
    AGENCY,
    /** history, audit, verification and the access log of a holder */
    AUDITOR,
    /** aggregates only, never a single holder */
    STATISTICS,
    /** validates candidate policy files */
    POLICY_ADMIN,
    /** scrapes the services' metrics ({@code /actuator/prometheus}) */
    MONITORING;

    /** The authority Spring Security checks for this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
