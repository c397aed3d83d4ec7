package ledger.permit.rules.policy;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.SchoolLevel;

import java.util.List;

/**
 * One condition of a route to a service. Every condition names its basis: either the clause that fixes
 * it, or, where the documents leave the number to the locality, {@code localChoice}: the real-city
 * example the value follows.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Condition.Residence.class, name = "residence"),
        @JsonSubTypes.Type(value = Condition.Insurance.class, name = "insurance"),
        @JsonSubTypes.Type(value = Condition.SchoolYears.class, name = "schoolYears"),
        @JsonSubTypes.Type(value = Condition.Qualification.class, name = "qualification"),
        @JsonSubTypes.Type(value = Condition.HukouIn.class, name = "hukouIn"),
        @JsonSubTypes.Type(value = Condition.CityTier.class, name = "cityTier"),
        @JsonSubTypes.Type(value = Condition.JurisdictionIn.class, name = "jurisdictionIn"),
        @JsonSubTypes.Type(value = Condition.Points.class, name = "points"),
})
public sealed interface Condition {

    /** The clause that sets this condition, if a document fixes it. */
    Citation basis();

    /** Where the documents leave it to the locality: the example followed; otherwise null. */
    String localChoice();

    /** Months of continuous residence in the jurisdiction (the permit's continuity clock, Art. 10). */
    record Residence(int months, Citation basis, String localChoice) implements Condition {
    }

    /**
     * Months of social insurance in the jurisdiction.
     *
     * @param continuous        whether only the latest unbroken run counts
     * @param countLatePaid     whether back-paid months (补缴) count
     * @param countTransferred  whether months transferred in from another region count
     * @param maxLatePaidInRun  for a continuous run, how many back-paid months it may contain (null: no limit)
     * @param scheme            the insurance that counts (null: any of the five)
     */
    record Insurance(int months, boolean continuous, boolean countLatePaid, boolean countTransferred,
                     Integer maxLatePaidInRun, InsuranceScheme scheme, Citation basis, String localChoice)
            implements Condition {
    }

    /** A child's school years in the jurisdiction: these grades, in consecutive school years. */
    record SchoolYears(SchoolLevel level, List<Integer> grades, boolean consecutive, Citation basis,
                       String localChoice) implements Condition {
    }

    /** A qualification on record, held for at least {@code months} (0: from the day obtained). */
    record Qualification(QualificationKind kind, int months, Citation basis, String localChoice)
            implements Condition {
    }

    /** The holder's hukou (as coded in the citizen ID) lies in one of these regions (长株潭). */
    record HukouIn(List<String> regions, Citation basis, String localChoice) implements Condition {
    }

    /** The jurisdiction's city-size tier (湖南 三(一)(二)) is one of these. */
    record CityTier(List<String> tiers, Citation basis, String localChoice) implements Condition {
    }

    /** The permit's jurisdiction lies in one of these regions (长株潭: the three cities' districts). */
    record JurisdictionIn(List<String> regions, Citation basis, String localChoice) implements Condition {
    }

    /** At least this many points (积分, seed 003 item 9). */
    record Points(int atLeast, Citation basis, String localChoice) implements Condition {
    }
}
