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
import ledger.permit.contracts.statistics.HolderFactV2;
import ledger.permit.projector.publication.Generalisation.Profile;
import ledger.permit.projector.publication.Publication.Stored;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.facts.ValidTime;
import ledger.permit.rules.policy.PolicyCatalog;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A holder event as the public fact topic carries it (version 2). What goes out is chosen field by field, never
 * copied: coded values and months only; citizen IDs become keyed pseudonyms, reasons and descriptions (free text that
 * may name a person) stay inside; the holder's attributes, and every region the fact names, no finer than the
 * holder's published profile ({@link HolderProfile}); a child's school record without its grade (with the school
 * year it would give the child's age).
 */
final class PublicFacts {

    private final Pseudonyms pseudonyms;
    private final PolicyCatalog catalog;

    PublicFacts(Pseudonyms pseudonyms, PolicyCatalog catalog) {
        this.pseudonyms = pseudonyms;
        this.catalog = catalog;
    }

    /**
     * @param citizenId the holder's, for its children's keys
     * @param after     the holder's facts once this event was applied
     */
    HolderFactV2 of(String holderKey, String citizenId, HolderProfile holder, Stored stored, HolderFacts after) {
        HolderEvent event = stored.event();
        PermitRecord permit = after.current();
        HolderProfile.Published jurisdiction = holder.jurisdiction(permit == null ? null
                : permit.jurisdiction().value());
        Map<String, String> dates = new LinkedHashMap<>();
        ValidTime.of(event).forEach((name, value) -> dates.put(name, (value instanceof LocalDate day
                ? YearMonth.from(day) : value).toString()));
        Map<String, String> codes = new LinkedHashMap<>();
        String childKey = null;
        switch (event) {
            case PermitApplied e -> codes.put("basis", e.basis().name());
            case PermitApplicationRefused e -> {
                codes.put("basis", e.basis().name());
                if (e.policyId() != null && catalog.policy(e.policyId()).filter(policy ->
                        HolderProfile.mayName(policy.regions(), jurisdiction.level())).isPresent()) {
                    codes.put("policyId", e.policyId());
                }
                codes.put("unmetConditions", e.unmet().stream().map(UnmetCondition::condition)
                        .collect(Collectors.joining(",")));
            }
            case SocialInsuranceMonthRecorded e -> {
                codes.put("scheme", e.scheme().name());
                if (e.transferredFrom() != null) {
                    putIfPresent(codes, "transferredFrom", holder.hukouRegion(e.transferredFrom().value()));
                }
            }
            case SocialInsuranceMonthRetracted e -> codes.put("scheme", e.scheme().name());
            case ChildSchoolYearRecorded e -> {
                codes.put("level", e.level().name());
                childKey = pseudonyms.ofChild(citizenId, e.childCitizenId().value());
            }
            case ChildSchoolingCompleted e -> {
                codes.put("level", e.level().name());
                childKey = pseudonyms.ofChild(citizenId, e.childCitizenId().value());
            }
            case QualificationRecorded e -> codes.put("kind", e.kind().name());
            case ResidenceMoved e -> {
                putIfPresent(codes, "fromJurisdiction", holder.jurisdiction(e.fromJurisdiction().value()).code());
                putIfPresent(codes, "toJurisdiction", holder.jurisdiction(e.toJurisdiction().value()).code());
            }
            default -> {
            }
        }
        Profile profile = holder.profile();
        return new HolderFactV2(stored.eventId(), holderKey, stored.sequence(), stored.type(), stored.version(),
                YearMonth.from(stored.recordedAt().atZone(ZoneOffset.UTC)), jurisdiction.code(), jurisdiction.level(),
                profile.birthYears(), profile.sex(), profile.hukou(), profile.hukouLevel(), dates,
                codes.isEmpty() ? null : codes, childKey);
    }

    private static void putIfPresent(Map<String, String> codes, String name, String value) {
        if (value != null) {
            codes.put(name, value);
        }
    }
}
