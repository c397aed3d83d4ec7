package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.statistics.EntitlementChangeV2;
import ledger.permit.rules.clock.Continuity.PermitState;
import ledger.permit.rules.policy.Citation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the public change stream says when a holder is judged: each service's status compared with the one published
 * before. Art. 10 suspends every service the permit held; when the suspension is lifted each is RESTORED to what it
 * is now (ENTITLED, or NOT_YET). A standing that ends where it was published (moved away, settled) is REVOKED there.
 * The days a holder is judged on come from the same rules ({@link Assessment#nextChange}), so the stream and the
 * audit timeline ({@link Timeline}) tell the same changes on the same days.
 */
public final class ChangeStream {

    private ChangeStream() {
    }

    /** A service's status as last published, and the jurisdiction it was published for. */
    public record Published(String status, String jurisdiction) {
    }

    /**
     * One change to publish.
     *
     * @param effective the day the new status holds from
     */
    public record Change(ServiceCode code, String child, EntitlementChangeV2.Change kind, String status,
                         String previousStatus, String jurisdiction, LocalDate effective, List<Citation> basis) {
    }

    /** The changes to publish, and the statuses published once they are. */
    public record Step(List<Change> changes, TreeMap<String, Published> published) {
    }

    /**
     * @param published    what was published before, by service key ({@link ServiceAssessment#key})
     * @param jurisdiction the jurisdiction of the permit that governs the day, or null
     * @param lastJudged   the day the holder was judged before, or null
     */
    public static Step step(Map<String, Published> published, Assessment assessment, String jurisdiction,
                            LocalDate today, LocalDate lastJudged) {
        List<Change> changes = new ArrayList<>();
        TreeMap<String, Published> now = new TreeMap<>();
        boolean valid = assessment.permit().state() == PermitState.VALID;
        for (ServiceAssessment service : assessment.services()) {
            String key = service.key();
            Published before = published.get(key);
            String status = service.status().name();
            if (before != null && holds(before.status()) && !Objects.equals(before.jurisdiction(), jurisdiction)) {
                // the standing ended where it was published; whatever holds now holds elsewhere
                changes.add(new Change(service.code(), service.child(), EntitlementChangeV2.Change.REVOKED,
                        EntitlementStatus.NOT_APPLICABLE.name(), before.status(), before.jurisdiction(),
                        effective(service, EntitlementChangeV2.Change.REVOKED, assessment, today, lastJudged),
                        service.basis()));
                before = null;
            }
            EntitlementChangeV2.Change kind = kind(before == null ? null : before.status(), status, valid);
            if (kind != null) {
                LocalDate effective = effective(service, kind, assessment, today, lastJudged);
                changes.add(new Change(service.code(), service.child(), kind, status,
                        before == null ? null : before.status(),
                        kind == EntitlementChangeV2.Change.REVOKED && before != null ? before.jurisdiction()
                                : jurisdiction, effective, service.basis()));
            }
            now.put(key, new Published(status, jurisdiction != null ? jurisdiction
                    : before == null ? null : before.jurisdiction()));
        }
        for (Map.Entry<String, Published> gone : published.entrySet()) {
            if (!now.containsKey(gone.getKey()) && holds(gone.getValue().status())) {
                String[] parts = gone.getKey().split("/", 2);
                LocalDate effective = assessment.permit().since() != null ? assessment.permit().since() : today;
                changes.add(new Change(ServiceCode.valueOf(parts[0]), parts.length > 1 ? parts[1] : null,
                        EntitlementChangeV2.Change.REVOKED, EntitlementStatus.NOT_APPLICABLE.name(),
                        gone.getValue().status(), gone.getValue().jurisdiction(), effective, List.of()));
            }
        }
        return new Step(List.copyOf(changes), now);
    }

    /**
     * The day the new status holds from: its own {@code since} where it has one; for a suspension lifted, the day of
     * the late endorsement; for a standing ended by the permit's own change since the holder was last judged (rejected,
     * cancelled, settled, moved away), the day the permit's standing changed; otherwise (a condition no longer met)
     * the day judged, which the time path makes the day of the change itself.
     */
    private static LocalDate effective(ServiceAssessment service, EntitlementChangeV2.Change kind,
                                       Assessment assessment, LocalDate today, LocalDate lastJudged) {
        if (service.since() != null) {
            return service.since();
        }
        LocalDate permitSince = assessment.permit().since();
        if (permitSince == null) {
            return today;
        }
        boolean byThePermit = kind == EntitlementChangeV2.Change.RESTORED
                || assessment.permit().state() != PermitState.VALID
                && (lastJudged == null || permitSince.isAfter(lastJudged));
        return byThePermit ? permitSince : today;
    }

    /**
     * GRANTED, SUSPENDED, RESTORED or REVOKED; null when neither the old nor the new status holds anything.
     * Art. 10 suspends every service the permit held; when the suspension is lifted, each is RESTORED to what it
     * would be (ENTITLED, or NOT_YET).
     */
    static EntitlementChangeV2.Change kind(String before, String now, boolean permitValid) {
        String entitled = EntitlementStatus.ENTITLED.name();
        String suspended = EntitlementStatus.SUSPENDED.name();
        if (entitled.equals(now)) {
            return suspended.equals(before) ? EntitlementChangeV2.Change.RESTORED
                    : entitled.equals(before) ? null : EntitlementChangeV2.Change.GRANTED;
        }
        if (suspended.equals(now)) {
            return suspended.equals(before) ? null : EntitlementChangeV2.Change.SUSPENDED;
        }
        if (suspended.equals(before)) {
            return permitValid ? EntitlementChangeV2.Change.RESTORED : EntitlementChangeV2.Change.REVOKED;
        }
        return entitled.equals(before) ? EntitlementChangeV2.Change.REVOKED : null;
    }

    private static boolean holds(String status) {
        return EntitlementStatus.ENTITLED.name().equals(status) || EntitlementStatus.SUSPENDED.name().equals(status);
    }
}
