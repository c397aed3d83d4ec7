package ledger.permit.projector.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.statistics.EntitlementChange;
import ledger.permit.contracts.statistics.EntitlementChange.Cause;
import ledger.permit.contracts.statistics.EntitlementChange.Change;
import ledger.permit.contracts.statistics.EntitlementChange.Clause;
import ledger.permit.contracts.statistics.EntitlementChange.PolicyRef;
import ledger.permit.contracts.statistics.HolderFact;
import ledger.permit.contracts.statistics.PublicMessage;
import ledger.permit.contracts.statistics.PublicMessageCodec;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.rules.Assessment;
import ledger.permit.rules.EntitlementRules;
import ledger.permit.rules.ServiceAssessment;
import ledger.permit.rules.clock.Continuity.PermitState;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.rules.policy.ResolvedPolicy;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Decides what the public topics carry, in the caller's transaction, into the outbox: every fact of a
 * holder once, pseudonymised ({@link PublicFacts}), and every change of a service's status once, judged
 * on the projector's today against the statuses published before. The holder's publication row is locked
 * while this runs, so the event path and the time path never judge one holder at once.
 */
public final class Publication {

    public static final String FACTS_STREAM = "holder-facts";
    public static final String CHANGES_STREAM = "entitlement-changes";
    /** However quiet a holder, it is judged again at least this often. */
    static final int MAX_DAYS_BETWEEN_CHECKS = 31;

    private static final ObjectMapper JSON = HolderEventCodec.newMapper();
    private static final TypeReference<TreeMap<String, Published>> STATUSES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final PolicyCatalog catalog;
    private final PublicFacts facts;
    private final Pseudonyms pseudonyms;

    public Publication(JdbcTemplate jdbc, PolicyCatalog catalog, Pseudonyms pseudonyms) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.pseudonyms = pseudonyms;
        this.facts = new PublicFacts(pseudonyms);
    }

    /** A service's status as last published, and the jurisdiction it was published for. */
    record Published(String status, String jurisdiction) {
    }

    /** One holder's publication row. */
    private static final class State {
        final UUID holderId;
        long publishedSequence;
        TreeMap<String, Published> statuses;
        long changeCount;
        LocalDate judgedOn;
        LocalDate nextCheckOn;

        State(UUID holderId) {
            this.holderId = holderId;
        }
    }

    /** One event of the holder's fact log, with the identity and wire type it was forwarded with. */
    record Stored(String eventId, String type, int version, long sequence, java.time.Instant recordedAt,
                  ledger.permit.contracts.holder.HolderEvent event) {
    }

    /** The read model's row of the holder. */
    private record Holder(String citizenId, long lastSequence, HolderFacts facts) {
    }

    /**
     * Event path: publishes every fact of the holder the read model holds and the topics do not yet, in
     * stream order, then judges the holder on {@code today}. Waits for the holder's row if the time path
     * holds it.
     */
    public void catchUp(UUID holderId, LocalDate today) {
        jdbc.update("INSERT INTO publication.holder_publication (holder_id, published_sequence, statuses, change_count)"
                + " VALUES (?, -1, '{}'::jsonb, 0) ON CONFLICT (holder_id) DO NOTHING", holderId);
        State state = lock(holderId, false);
        process(state, today, false);
    }

    /**
     * Time path: judges the holders whose next check is due on or before {@code today}, skipping those
     * another transaction holds.
     *
     * @return how many holders were judged
     */
    public int checkDue(LocalDate today, int limit) {
        List<UUID> due = jdbc.queryForList("SELECT holder_id FROM publication.holder_publication "
                + "WHERE next_check_on <= ? ORDER BY next_check_on LIMIT ? FOR UPDATE SKIP LOCKED", UUID.class,
                today, limit);
        for (UUID holderId : due) {
            State state = lock(holderId, true);
            if (state != null) {
                process(state, today, true);
            }
        }
        return due.size();
    }

    private void process(State state, LocalDate today, boolean timeDue) {
        Holder holder = holder(state.holderId);
        if (holder == null) {
            // not (or no longer) in the read model this projector serves: nothing to judge until it is
            jdbc.update("UPDATE publication.holder_publication SET next_check_on = NULL WHERE holder_id = ?",
                    state.holderId);
            return;
        }
        Stored lastNew = null;
        if (holder.lastSequence() > state.publishedSequence) {
            lastNew = publishFacts(state, holder);
        } else if (!timeDue && today.equals(state.judgedOn)) {
            return;
        }
        judge(state, holder, today, lastNew);
        save(state);
    }

    private Stored publishFacts(State state, Holder holder) {
        CitizenId citizen = CitizenId.of(holder.citizenId());
        String holderKey = pseudonyms.of(citizen.value());
        Stored last = null;
        if (holder.lastSequence() == state.publishedSequence + 1) {
            // the usual case: one new fact, and the read model's facts are those right after it
            last = history(state.holderId, holder.lastSequence()).getFirst();
            outbox(FACTS_STREAM, holderKey, facts.of(holderKey, citizen, last, holder.facts()));
        } else {
            HolderFacts folded = HolderFacts.none();
            for (Stored recorded : history(state.holderId, 0)) {
                folded = folded.apply(recorded.event());
                if (recorded.sequence() > state.publishedSequence) {
                    outbox(FACTS_STREAM, holderKey, facts.of(holderKey, citizen, recorded, folded));
                    last = recorded;
                }
            }
        }
        state.publishedSequence = holder.lastSequence();
        return last;
    }

    private void judge(State state, Holder holder, LocalDate today, Stored cause) {
        HolderFacts holderFacts = holder.facts();
        Assessment assessment = EntitlementRules.assess(holderFacts, catalog, today);
        PermitRecord permit = holderFacts.permitOn(today);
        String jurisdiction = permit == null ? null : permit.jurisdiction().value();
        String holderKey = pseudonyms.of(holder.citizenId());

        TreeMap<String, Published> now = new TreeMap<>();
        for (ServiceAssessment service : assessment.services()) {
            String key = service.code().name() + (service.child() == null ? "" : "/" + service.child());
            Published before = state.statuses.get(key);
            String status = service.status().name();
            if (before != null && holds(before.status()) && !Objects.equals(before.jurisdiction(), jurisdiction)) {
                // the standing ended where it was published; whatever holds now holds elsewhere
                change(state, holderKey, service, Change.REVOKED, EntitlementStatus.NOT_APPLICABLE.name(), before,
                        jurisdiction, today, assessment, cause);
                before = null;
            }
            Change change = kind(before == null ? null : before.status(), status,
                    assessment.permit().state() == PermitState.VALID);
            if (change != null) {
                change(state, holderKey, service, change, status, before, jurisdiction, today, assessment, cause);
            }
            now.put(key, new Published(status, jurisdiction != null ? jurisdiction
                    : before == null ? null : before.jurisdiction()));
        }
        for (Map.Entry<String, Published> gone : state.statuses.entrySet()) {
            if (!now.containsKey(gone.getKey()) && holds(gone.getValue().status())) {
                String[] parts = gone.getKey().split("/", 2);
                ServiceAssessment vanished = new ServiceAssessment(
                        ledger.permit.contracts.catalog.ServiceCode.valueOf(parts[0]),
                        EntitlementStatus.NOT_APPLICABLE, null, null, parts.length > 1 ? parts[1] : null, null, null,
                        List.of(), null);
                change(state, holderKey, vanished, Change.REVOKED, EntitlementStatus.NOT_APPLICABLE.name(),
                        gone.getValue(), jurisdiction, today, assessment, cause);
            }
        }
        state.statuses = now;
        state.judgedOn = today;
        state.nextCheckOn = nextCheck(assessment, permit, today);
    }

    private void change(State state, String holderKey, ServiceAssessment service, Change change, String status,
                        Published before, String current, LocalDate today, Assessment assessment, Stored event) {
        LocalDate effective = service.since() != null ? service.since()
                : assessment.permit().since() != null ? assessment.permit().since() : today;
        String jurisdiction = change == Change.REVOKED && before != null ? before.jurisdiction() : current;
        state.changeCount++;
        String messageId = UUID.nameUUIDFromBytes(("change:" + state.holderId + ":" + state.changeCount)
                .getBytes(StandardCharsets.UTF_8)).toString();
        outbox(CHANGES_STREAM, holderKey, new EntitlementChange(messageId, holderKey,
                service.child() == null ? null : pseudonyms.of(service.child()), service.code().name(), change,
                status, before == null ? null : before.status(), jurisdiction, effective, today,
                cause(change, effective, event),
                assessment.policyId() == null ? null : new PolicyRef(assessment.policyId(), assessment.policyVersion()),
                service.basis().stream().map(c -> new Clause(c.document(), c.clause())).toList()));
    }

    /**
     * GRANTED, SUSPENDED, RESTORED or REVOKED; null when neither the old nor the new status holds anything.
     * Art. 10 suspends every service of the permit, held or not; when the suspension is lifted, each
     * service is RESTORED to what it would be (ENTITLED, or NOT_YET).
     */
    static Change kind(String before, String now, boolean permitValid) {
        String entitled = EntitlementStatus.ENTITLED.name();
        String suspended = EntitlementStatus.SUSPENDED.name();
        if (entitled.equals(now)) {
            return suspended.equals(before) ? Change.RESTORED : entitled.equals(before) ? null : Change.GRANTED;
        }
        if (suspended.equals(now)) {
            return suspended.equals(before) ? null : Change.SUSPENDED;
        }
        if (suspended.equals(before)) {
            return permitValid ? Change.RESTORED : Change.REVOKED;
        }
        return entitled.equals(before) ? Change.REVOKED : null;
    }

    private static boolean holds(String status) {
        return EntitlementStatus.ENTITLED.name().equals(status) || EntitlementStatus.SUSPENDED.name().equals(status);
    }

    private Cause cause(Change change, LocalDate effective, Stored event) {
        if (change == Change.SUSPENDED) {
            return new Cause("anniversary", null, null);
        }
        if (event != null) {
            return new Cause("event", event.type(), event.sequence());
        }
        boolean policyStarted = catalog.policies().stream().anyMatch(p -> p.effectiveFrom().equals(effective)
                || effective.equals(p.effectiveTo()));
        return new Cause(policyStarted ? "policy" : "threshold", null, null);
    }

    /**
     * The first day after {@code today} on which time alone may change a status: the day a missed
     * anniversary suspends the permit, the day a gradual service is expected, a policy's first or last
     * day; at most {@link #MAX_DAYS_BETWEEN_CHECKS} days away.
     */
    private LocalDate nextCheck(Assessment assessment, PermitRecord permit, LocalDate today) {
        LocalDate next = today.plusDays(MAX_DAYS_BETWEEN_CHECKS);
        List<LocalDate> candidates = new ArrayList<>();
        if (assessment.permit().state() == PermitState.VALID && assessment.permit().nextAnniversary() != null) {
            int grace = permit == null ? 0 : catalog.inForce(permit.jurisdiction(), today)
                    .map(ResolvedPolicy::endorsement).map(Policy.Endorsement::graceDays).orElse(0);
            candidates.add(assessment.permit().nextAnniversary().plusDays(grace));
        }
        assessment.services().forEach(s -> candidates.add(s.expectedOn()));
        for (Policy policy : catalog.policies()) {
            candidates.add(policy.effectiveFrom());
            candidates.add(policy.effectiveTo());
        }
        for (LocalDate day : candidates) {
            if (day != null && day.isAfter(today) && day.isBefore(next)) {
                next = day;
            }
        }
        return next;
    }

    private State lock(UUID holderId, boolean skipLocked) {
        List<State> rows = jdbc.query("SELECT published_sequence, statuses::text AS statuses, change_count, judged_on, "
                        + "next_check_on FROM publication.holder_publication WHERE holder_id = ? FOR UPDATE"
                        + (skipLocked ? " SKIP LOCKED" : ""),
                (rs, i) -> {
                    State state = new State(holderId);
                    state.publishedSequence = rs.getLong("published_sequence");
                    state.statuses = read(rs.getString("statuses"), STATUSES);
                    state.changeCount = rs.getLong("change_count");
                    state.judgedOn = rs.getObject("judged_on", LocalDate.class);
                    state.nextCheckOn = rs.getObject("next_check_on", LocalDate.class);
                    return state;
                }, holderId);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    private void save(State state) {
        jdbc.update("UPDATE publication.holder_publication SET published_sequence = ?, statuses = ?::jsonb, "
                        + "change_count = ?, judged_on = ?, next_check_on = ?, updated_at = now() WHERE holder_id = ?",
                state.publishedSequence, write(state.statuses), state.changeCount, state.judgedOn, state.nextCheckOn,
                state.holderId);
    }

    private Holder holder(UUID holderId) {
        List<Holder> rows = jdbc.query("SELECT citizen_id, last_sequence, facts::text AS facts FROM holder "
                        + "WHERE holder_id = ?",
                (rs, i) -> new Holder(rs.getString("citizen_id"), rs.getLong("last_sequence"),
                        read(rs.getString("facts"), new TypeReference<HolderFacts>() {
                        })), holderId);
        return rows.isEmpty() ? null : rows.getFirst();
    }

    /** The holder's events from {@code fromSequence} on, in order. */
    private List<Stored> history(UUID holderId, long fromSequence) {
        return jdbc.query("SELECT sequence, event_id, type, version, recorded_at, payload::text AS payload "
                        + "FROM holder_event WHERE holder_id = ? AND sequence >= ? ORDER BY sequence",
                (rs, i) -> {
                    HolderEventEnvelope envelope = new HolderEventEnvelope(rs.getString("event_id"),
                            rs.getString("type"), rs.getInt("version"), holderId.toString(), rs.getLong("sequence"),
                            rs.getTimestamp("recorded_at").toInstant(), readTree(rs.getString("payload")));
                    return new Stored(envelope.eventId(), envelope.type(), envelope.version(), envelope.sequence(),
                            envelope.recordedAt(), HolderEventCodec.payload(envelope));
                }, holderId, fromSequence);
    }

    private void outbox(String stream, String key, PublicMessage message) {
        jdbc.update("INSERT INTO publication.outbox (stream, message_key, message_id, message_type, message_version, "
                        + "payload) VALUES (?, ?, ?, ?, ?, ?)",
                stream, key, message.messageId(), message.type(), message.version(), PublicMessageCodec.write(message));
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON cannot be read", e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot be written as JSON", e);
        }
    }
}
