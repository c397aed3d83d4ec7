package ledger.permit.rules;

/** How far a holder is on the way to a service; a null field does not apply to the service. */
public record Progress(Integer residenceMonths, Integer requiredResidenceMonths, Integer insuranceMonths,
                       Integer requiredInsuranceMonths, Integer schoolYears, Integer requiredSchoolYears,
                       Integer points, Integer requiredPoints) {

    static final Progress NONE = new Progress(null, null, null, null, null, null, null, null);

    Progress merge(Progress other) {
        return new Progress(first(residenceMonths, other.residenceMonths),
                first(requiredResidenceMonths, other.requiredResidenceMonths),
                first(insuranceMonths, other.insuranceMonths),
                first(requiredInsuranceMonths, other.requiredInsuranceMonths),
                first(schoolYears, other.schoolYears), first(requiredSchoolYears, other.requiredSchoolYears),
                first(points, other.points), first(requiredPoints, other.requiredPoints));
    }

    private static Integer first(Integer a, Integer b) {
        return a != null ? a : b;
    }
}
