package ledger.permit.rules.facts;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
import ledger.permit.contracts.holder.HolderEvent.ContinuousResidenceRecorded;
import ledger.permit.contracts.holder.HolderEvent.HukouSettled;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitCancelled;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.PermitRejected;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.ResidenceMoved;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRetracted;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The valid-time fields of an event: the days or months it is about (not when it was recorded). */
public final class ValidTime {

    private ValidTime() {
    }

    /** Named valid-time values, e.g. {@code issuedOn → 2026-03-15}, {@code month → 2026-02}. */
    public static Map<String, Object> of(HolderEvent event) {
        Map<String, Object> fields = new LinkedHashMap<>();
        switch (event) {
            case PermitApplied e -> {
                fields.put("residentSince", e.residentSince());
                fields.put("appliedOn", e.appliedOn());
            }
            case PermitApplicationRefused e -> {
                fields.put("residentSince", e.residentSince());
                fields.put("appliedOn", e.appliedOn());
            }
            case PermitIssued e -> fields.put("issuedOn", e.issuedOn());
            case PermitRejected e -> fields.put("rejectedOn", e.rejectedOn());
            case PermitEndorsed e -> fields.put("endorsedOn", e.endorsedOn());
            case ContinuousResidenceRecorded e -> {
                fields.put("from", e.from());
                fields.put("to", e.to());
            }
            case SocialInsuranceMonthRecorded e -> {
                fields.put("month", e.month());
                if (e.paidOn() != null) {
                    fields.put("paidOn", e.paidOn());
                }
            }
            case SocialInsuranceMonthRetracted e -> fields.put("month", e.month());
            case ChildSchoolYearRecorded e -> {
                fields.put("from", e.from());
                fields.put("to", e.to());
            }
            case QualificationRecorded e -> fields.put("obtainedOn", e.obtainedOn());
            case ChildSchoolingCompleted e -> fields.put("completedOn", e.completedOn());
            case HukouRecorded e -> fields.put("since", e.since());
            case ResidenceMoved e -> fields.put("movedOn", e.movedOn());
            case HukouSettled e -> fields.put("settledOn", e.settledOn());
            case PermitCancelled e -> fields.put("cancelledOn", e.cancelledOn());
        }
        return fields;
    }

    /** The first day the event can change an answer: its date, or the day after its month ends. */
    public static LocalDate effectiveDay(HolderEvent event) {
        return switch (event) {
            case SocialInsuranceMonthRecorded e -> e.month().plusMonths(1).atDay(1);
            case SocialInsuranceMonthRetracted e -> e.month().plusMonths(1).atDay(1);
            default -> {
                Object first = of(event).values().stream().filter(v -> v instanceof LocalDate).reduce((a, b) -> b)
                        .orElse(null);
                yield (LocalDate) first;
            }
        };
    }
}
