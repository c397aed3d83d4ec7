package ledger.permit.rules.policy;

/**
 * Legal definitions the conditions rely on, as data with their basis: each is inherited from the parent policy where
 * a policy does not set its own.
 *
 * @param local                where "当地" lies: the area in which insurance months, school years, residence records
 *                             and stable employment or residence count unless a condition says otherwise
 * @param backPaid             when a contribution month is back-paid (补缴)
 * @param contributionsStopped when contributions count as stopped, so that waiting is no longer enough
 */
public record Definitions(Local local, BackPaid backPaid, ContributionsStopped contributionsStopped,
                          java.util.List<Counts> counts) {

    public Definitions {
        counts = counts == null ? java.util.List.of() : java.util.List.copyOf(counts);
    }

    /**
     * A qualification on record that counts as another where a condition asks for that other: a property certificate
     * (房屋产权证) attests an owned home, a legal stable residence (合法稳定住所) wherever one is asked for.
     */
    public record Counts(ledger.permit.contracts.values.QualificationKind as,
                         java.util.List<ledger.permit.contracts.values.QualificationKind> kinds, Citation basis,
                         String localChoice) {
    }

    /** Where 当地 lies. */
    public record Local(Area area, Citation basis, String localChoice) {
    }

    /** A month paid after the end of the {@code afterFollowingMonths}-th month following it is back-paid. */
    public record BackPaid(int afterFollowingMonths, Citation basis, String localChoice) {
    }

    /** Contributions count as stopped when no month is counted in the {@code afterMonths} months before the day. */
    public record ContributionsStopped(int afterMonths, Citation basis, String localChoice) {
    }
}
