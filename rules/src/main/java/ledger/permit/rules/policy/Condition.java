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
 * example the value follows. A route's basis does not stand in for its conditions'.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Condition.Residence.class, name = "residence"),
        @JsonSubTypes.Type(value = Condition.Insurance.class, name = "insurance"),
        @JsonSubTypes.Type(value = Condition.SchoolYears.class, name = "schoolYears"),
        @JsonSubTypes.Type(value = Condition.SchoolingCompleted.class, name = "schoolingCompleted"),
        @JsonSubTypes.Type(value = Condition.Enrolled.class, name = "enrolled"),
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
     * Months of social insurance.
     *
     * @param continuous        whether only the latest unbroken run counts
     * @param countLatePaid     whether back-paid months (补缴, as {@code definitions.backPaid} says) count
     * @param countTransferred  whether months transferred in from another region count
     * @param maxLatePaidInRun  for a continuous run, how many back-paid months it may contain (null: no limit)
     * @param scheme            the insurance that counts (null: any of the five)
     * @param where             where a month must have been paid (null: {@code definitions.local})
     */
    record Insurance(int months, boolean continuous, boolean countLatePaid, boolean countTransferred,
                     Integer maxLatePaidInRun, InsuranceScheme scheme, Area where, Citation basis, String localChoice)
            implements Condition {
    }

    /** A child's school years: these grades, in consecutive school years, where {@code where} says. */
    record SchoolYears(SchoolLevel level, List<Integer> grades, boolean consecutive, Area where, Citation basis,
                       String localChoice) implements Condition {
        public SchoolYears {
            grades = grades == null ? List.of() : List.copyOf(grades);
        }
    }

    /** A child completed this level of schooling (完整接受初中教育: the school's completion on record). */
    record SchoolingCompleted(SchoolLevel level, Area where, Citation basis, String localChoice)
            implements Condition {
    }

    /** A child is at school at this level on the day, where {@code where} says. */
    record Enrolled(SchoolLevel level, Area where, Citation basis, String localChoice) implements Condition {
    }

    /**
     * A qualification on record, held for at least {@code months} (0: from the day obtained), obtained where
     * {@code where} says (null: {@code definitions.local}).
     */
    record Qualification(QualificationKind kind, int months, Area where, Citation basis, String localChoice)
            implements Condition {
    }

    /** The holder's hukou on the day (recorded, or as the citizen ID codes it) lies in one of these places. */
    record HukouIn(List<String> regions, List<Place> places, Citation basis, String localChoice)
            implements Condition {
        public HukouIn {
            regions = regions == null ? List.of() : List.copyOf(regions);
            places = places == null ? List.of() : List.copyOf(places);
        }
    }

    /** The jurisdiction's city is of one of these size classes (湖南 三（一）（二）, Decree 663 Art. 16). */
    record CityTier(List<CitySize> tiers, Citation basis, String localChoice) implements Condition {
        public CityTier {
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }
    }

    /** The permit's jurisdiction lies in one of these regions or kinds of place. */
    record JurisdictionIn(List<String> regions, List<Place> places, Citation basis, String localChoice)
            implements Condition {
        public JurisdictionIn {
            regions = regions == null ? List.of() : List.copyOf(regions);
            places = places == null ? List.of() : List.copyOf(places);
        }
    }

    /** At least this many points (积分, seed 003 item 9). */
    record Points(int atLeast, Citation basis, String localChoice) implements Condition {
    }
}
