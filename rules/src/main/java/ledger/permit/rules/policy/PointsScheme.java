package ledger.permit.rules.policy;

import ledger.permit.contracts.values.QualificationKind;

import java.util.List;

/** Indicators and their points (积分, seed 003 item 9). */
public record PointsScheme(Citation basis, String localChoice, List<Indicator> indicators) {

    public PointsScheme {
        indicators = indicators == null ? List.of() : List.copyOf(indicators);
    }

    /**
     * Points per full year of continuous residence ({@code residenceYear}), per twelve insurance months
     * ({@code insuranceYear}), or once for a qualification held ({@code qualification}).
     */
    public record Indicator(String kind, int points, QualificationKind qualification, Integer maxPoints) {
    }
}
