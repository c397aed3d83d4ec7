package ledger.permit.rules.policy;

import com.fasterxml.jackson.annotation.JsonProperty;
import ledger.permit.contracts.values.QualificationKind;

import java.util.List;

/** Indicators and their points (积分, seed 003 item 9). */
public record PointsScheme(Citation basis, String localChoice, List<Indicator> indicators) {

    public PointsScheme {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    /** What an indicator counts. */
    public enum IndicatorKind {
        /** Points per full year of continuous residence. */
        @JsonProperty("residenceYear") RESIDENCE_YEAR,
        /** Points per twelve counted insurance months. */
        @JsonProperty("insuranceYear") INSURANCE_YEAR,
        /** Points once, for a qualification held. */
        @JsonProperty("qualification") QUALIFICATION
    }

    /** One indicator: {@code points} per unit of {@code kind}, at most {@code maxPoints} in all. */
    public record Indicator(IndicatorKind kind, int points, QualificationKind qualification, Integer maxPoints) {
    }
}
