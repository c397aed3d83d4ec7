package ledger.permit.projector.publication;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.ResidenceMoved;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRetracted;
import ledger.permit.contracts.holder.UnmetCondition;
import ledger.permit.contracts.statistics.HolderFact;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.projector.publication.Publication.Stored;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.facts.ValidTime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A holder event as the public fact topic carries it. What goes out is chosen field by field, never
 * copied: coded values and dates only; citizen IDs become keyed pseudonyms, reasons and descriptions
 * (free text that may name a person) stay inside.
 */
final class PublicFacts {

    private final Pseudonyms pseudonyms;

    PublicFacts(Pseudonyms pseudonyms) {
        this.pseudonyms = pseudonyms;
    }

    /** @param after the holder's facts once this event was applied */
    HolderFact of(String holderKey, CitizenId citizen, Stored stored, HolderFacts after) {
        HolderEvent event = stored.event();
        Map<String, String> dates = new LinkedHashMap<>();
        ValidTime.of(event).forEach((name, value) -> dates.put(name, value.toString()));
        Map<String, String> codes = new LinkedHashMap<>();
        String childKey = null;
        switch (event) {
            case PermitApplied e -> codes.put("basis", e.basis().name());
            case PermitApplicationRefused e -> {
                codes.put("basis", e.basis().name());
                if (e.policyId() != null) {
                    codes.put("policyId", e.policyId());
                }
                codes.put("unmetConditions", e.unmet().stream().map(UnmetCondition::condition)
                        .collect(Collectors.joining(",")));
            }
            case SocialInsuranceMonthRecorded e -> {
                codes.put("scheme", e.scheme().name());
                if (e.transferredFrom() != null) {
                    codes.put("transferredFrom", e.transferredFrom().value());
                }
            }
            case SocialInsuranceMonthRetracted e -> codes.put("scheme", e.scheme().name());
            case ChildSchoolYearRecorded e -> {
                codes.put("level", e.level().name());
                codes.put("grade", Integer.toString(e.grade()));
                childKey = pseudonyms.of(e.childCitizenId().value());
            }
            case ChildSchoolingCompleted e -> {
                codes.put("level", e.level().name());
                childKey = pseudonyms.of(e.childCitizenId().value());
            }
            case QualificationRecorded e -> codes.put("kind", e.kind().name());
            case ResidenceMoved e -> {
                codes.put("fromJurisdiction", e.fromJurisdiction().value());
                codes.put("toJurisdiction", e.toJurisdiction().value());
            }
            default -> {
            }
        }
        PermitRecord permit = after.current();
        RegionCode hukou = RegionCode.of(citizen.hukouRegion());
        return new HolderFact(stored.eventId(), holderKey, stored.sequence(), stored.type(), stored.version(),
                stored.recordedAt(), permit == null ? null : permit.jurisdiction().value(),
                citizen.birthDate().getYear(), citizen.sex().name(), hukou.province(), hukou.prefecture(), dates,
                codes.isEmpty() ? null : codes, childKey);
    }
}
