package ledger.permit.projector.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent;
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
import ledger.permit.rules.ChangeStream;
import ledger.permit.rules.ChangeStream.Published;
import ledger.permit.rules.Timeline;
import ledger.permit.rules.EntitlementRules;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.storedfacts.StoredFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.PolicyCatalog;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
                  HolderEvent event) {

        /** The event of the envelope, with the envelope's identity and wire type. */
        static Stored of(HolderEventEnvelope envelope, HolderEvent event) {
            return new Stored(envelope.eventId(), envelope.type(), envelope.version(), envelope.sequence(),
                    envelope.recordedAt(), event);
        }
    }

    /** The read model's row of the holder. */
    private record Holder(String citizenId, long lastSequence, HolderFacts facts) {
    }

    /**
     * A holder as the read model's writer has just written it in the caller's transaction, after one event: its
     * row's citizen ID and facts, and that event, its last. Judged from these, the holder's row and its new fact are
     * not read back and parsed again.
     */
    public record Written(String citizenId, HolderFacts facts, HolderEventEnvelope last, HolderEvent event) {
    }

    /**
     * What judging a batch of holders writes, sent as two JDBC batches at its end: the outbox rows in the order
     * they were decided (so each holder's messages keep their order), then the holders' publication rows.
     */
    private final class Writes {
        private final List<Object[]> outbox = new ArrayList<>();
        private final List<Object[]> saved = new ArrayList<>();
        private final List<Object[]> unjudgeable = new ArrayList<>();

        void outbox(String stream, String key, PublicMessage message) {
            outbox.add(new Object[]{stream, key, message.messageId(), message.type(), message.version(),
                    PublicMessageCodec.write(message)});
        }

        void save(State state) {
            saved.add(new Object[]{state.publishedSequence, write(state.statuses), state.changeCount, state.judgedOn,
                    state.nextCheckOn, state.holderId});
        }

        /** Not (or no longer) in the read model this projector serves: nothing to judge until it is. */
        void unjudgeable(State state) {
            unjudgeable.add(new Object[]{state.holderId});
        }

        void flush() {
            if (!outbox.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO publication.outbox (stream, message_key, message_id, message_type, "
                        + "message_version, payload) VALUES (?, ?, ?, ?, ?, ?)", outbox);
            }
            if (!saved.isEmpty()) {
                jdbc.batchUpdate("UPDATE publication.holder_publication SET published_sequence = ?, "
                        + "statuses = ?::jsonb, change_count = ?, judged_on = ?, next_check_on = ?, updated_at = now() "
                        + "WHERE holder_id = ?", saved);
            }
            if (!unjudgeable.isEmpty()) {
                jdbc.batchUpdate("UPDATE publication.holder_publication SET next_check_on = NULL WHERE holder_id = ?",
                        unjudgeable);
            }
        }
    }

    /**
     * Event path: publishes every fact of the holder the read model holds and the topics do not yet, in
     * stream order, then judges the holder on {@code today}. Waits for the holder's row if the time path
     * holds it.
     */
    public void catchUp(UUID holderId, LocalDate today) {
        catchUpAll(List.of(holderId), today);
    }

    /** {@link #catchUpAll(List, LocalDate, Map)}, every holder's row and new fact read from the read model. */
    public void catchUpAll(List<UUID> holderIds, LocalDate today) {
        catchUpAll(holderIds, today, Map.of());
    }

    /**
     * {@link #catchUp} for each of these holders, as one after another would, with one read of their rows and
     * one batch of writes for all of them; their publication rows are locked in one order.
     *
     * @param written the holders among them as the read model's writer has just written them in this transaction
     *                (the others are read from the read model)
     */
    public void catchUpAll(List<UUID> holderIds, LocalDate today, Map<UUID, Written> written) {
        if (holderIds.isEmpty()) {
            return;
        }
        List<UUID> distinct = List.copyOf(new java.util.LinkedHashSet<>(holderIds));
        jdbc.update(withHolders("INSERT INTO publication.holder_publication (holder_id, published_sequence, statuses, "
                + "change_count) SELECT unnest(?), -1, '{}'::jsonb, 0 ON CONFLICT (holder_id) DO NOTHING", distinct));
        processAll(distinct, states(distinct, false), today, false, written);
    }

    /**
     * Makes a publication row, due {@code today}, for every holder of the read model that has none: a holder the
     * live projector never applied an event of (written in bulk, its read model built by a rebuild). The time
     * path then publishes its facts and judges it, as the event path would at its next event.
     *
     * @return how many holders were found unpublished
     */
    public int scheduleUnpublished(LocalDate today) {
        return jdbc.update("INSERT INTO publication.holder_publication (holder_id, published_sequence, statuses, "
                + "change_count, next_check_on) SELECT h.holder_id, -1, '{}'::jsonb, 0, ? FROM holder h "
                + "WHERE NOT EXISTS (SELECT 1 FROM publication.holder_publication p WHERE p.holder_id = h.holder_id) "
                + "ON CONFLICT (holder_id) DO NOTHING", today);
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
        // the rows are this transaction's already: read, not waited for
        processAll(due, states(due, true), today, true, Map.of());
        return due.size();
    }

    /**
     * Judges each holder of {@code holderIds} that has a state, in that order, with one read of the read model's
     * rows and of the new facts, and one batch of writes at the end.
     */
    private void processAll(List<UUID> holderIds, Map<UUID, State> states, LocalDate today, boolean timeDue,
                            Map<UUID, Written> written) {
        List<UUID> present = holderIds.stream().filter(states::containsKey).toList();
        if (present.isEmpty()) {
            return;
        }
        Map<UUID, Holder> holders = holders(present.stream().filter(id -> !written.containsKey(id)).toList());
        for (UUID holderId : present) {
            Written holder = written.get(holderId);
            if (holder != null) {
                holders.put(holderId, new Holder(holder.citizenId(), holder.last().sequence(), holder.facts()));
            }
        }
        Map<UUID, Stored> nextFacts = nextFacts(present, states, holders, written);
        Map<UUID, List<Stored>> histories = histories(present.stream().filter(id -> !nextFacts.containsKey(id)
                && holders.containsKey(id) && holders.get(id).lastSequence() > states.get(id).publishedSequence)
                .toList());
        Writes writes = new Writes();
        for (UUID holderId : present) {
            process(states.get(holderId), holders.get(holderId), nextFacts.get(holderId),
                    histories.getOrDefault(holderId, List.of()),
                    today, timeDue, writes);
        }
        writes.flush();
    }

    private void process(State state, Holder holder, Stored nextFact, List<Stored> history, LocalDate today,
                         boolean timeDue, Writes writes) {
        if (holder == null) {
            writes.unjudgeable(state);
            return;
        }
        Stored lastNew = null;
        if (holder.lastSequence() > state.publishedSequence) {
            lastNew = publishFacts(state, holder, nextFact, history, writes);
        } else if (!timeDue && today.equals(state.judgedOn)) {
            return;
        }
        judge(state, holder, today, lastNew, writes);
        writes.save(state);
    }

    /**
     * @param nextFact the holder's one new fact, read beforehand, when it has just one ({@link #nextFacts})
     * @param history  otherwise its whole fact log, read beforehand ({@link #histories})
     */
    private Stored publishFacts(State state, Holder holder, Stored nextFact, List<Stored> history, Writes writes) {
        CitizenId citizen = CitizenId.of(holder.citizenId());
        String holderKey = pseudonyms.of(citizen.value());
        Stored last = null;
        if (nextFact != null) {
            // the usual case: one new fact, and the read model's facts are those right after it
            last = nextFact;
            writes.outbox(FACTS_STREAM, holderKey, facts.of(holderKey, citizen, last, holder.facts()));
        } else {
            HolderFacts folded = HolderFacts.none();
            for (Stored recorded : history) {
                folded = folded.apply(recorded.event());
                if (recorded.sequence() > state.publishedSequence) {
                    writes.outbox(FACTS_STREAM, holderKey, facts.of(holderKey, citizen, recorded, folded));
                    last = recorded;
                }
            }
        }
        state.publishedSequence = holder.lastSequence();
        return last;
    }

    private void judge(State state, Holder holder, LocalDate today, Stored cause, Writes writes) {
        HolderFacts holderFacts = holder.facts();
        Assessment assessment = EntitlementRules.assess(holderFacts, catalog, today);
        PermitRecord permit = holderFacts.permitOn(today);
        String jurisdiction = permit == null ? null : permit.jurisdiction().value();
        String holderKey = pseudonyms.of(holder.citizenId());
        ChangeStream.Step step = ChangeStream.step(state.statuses, assessment, jurisdiction, today,
                state.judgedOn);
        for (ChangeStream.Change change : step.changes()) {
            state.changeCount++;
            String messageId = UUID.nameUUIDFromBytes(("change:" + state.holderId + ":" + state.changeCount)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            writes.outbox(CHANGES_STREAM, holderKey, new EntitlementChange(messageId, holderKey,
                    change.child() == null ? null : pseudonyms.of(change.child()), change.code().name(),
                    change.kind(), change.status(), change.previousStatus(), change.jurisdiction(),
                    change.effective(), today, cause(change, assessment, cause),
                    assessment.policyId() == null ? null
                            : new PolicyRef(assessment.policyId(), assessment.policyVersion()),
                    change.basis().stream().map(c -> new Clause(c.document(), c.clause())).toList()));
        }
        state.statuses = step.published();
        state.judgedOn = today;
        state.nextCheckOn = nextCheck(assessment, today);
    }

    /** The event just applied, or what time alone does on the change's day (an anniversary, a policy, a threshold). */
    private Cause cause(ChangeStream.Change change, Assessment assessment, Stored event) {
        if (change.kind() == Change.SUSPENDED) {
            return new Cause("anniversary", null, null);
        }
        if (event != null) {
            return new Cause("event", event.type(), event.sequence());
        }
        return new Cause(Timeline.timeCause(change.effective(), assessment, catalog), null, null);
    }

    /**
     * The first day after {@code today} on which a status may change with the facts as they are, as the rules find it
     * ({@link Assessment#nextChange}: an anniversary, a threshold, a policy taking effect); at most
     * {@link #MAX_DAYS_BETWEEN_CHECKS} days away.
     */
    private static LocalDate nextCheck(Assessment assessment, LocalDate today) {
        LocalDate latest = today.plusDays(MAX_DAYS_BETWEEN_CHECKS);
        LocalDate next = assessment.nextChange();
        return next != null && next.isBefore(latest) ? next : latest;
    }

    /** A statement whose one parameter is these holders' ids as a {@code uuid[]}. */
    private static org.springframework.jdbc.core.PreparedStatementCreator withHolders(String sql, List<UUID> holderIds) {
        return connection -> {
            var statement = connection.prepareStatement(sql);
            statement.setArray(1, connection.createArrayOf("uuid", holderIds.toArray()));
            return statement;
        };
    }

    /** The publication rows of these holders, locked for this transaction in holder order. */
    private Map<UUID, State> states(List<UUID> holderIds, boolean skipLocked) {
        Map<UUID, State> states = new HashMap<>();
        jdbc.query(withHolders("SELECT holder_id, published_sequence, statuses::text AS statuses, change_count, "
                + "judged_on, next_check_on FROM publication.holder_publication WHERE holder_id = ANY (?) "
                + "ORDER BY holder_id FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""), holderIds), rs -> {
            State state = new State(rs.getObject("holder_id", UUID.class));
            state.publishedSequence = rs.getLong("published_sequence");
            state.statuses = read(rs.getString("statuses"), STATUSES);
            state.changeCount = rs.getLong("change_count");
            state.judgedOn = rs.getObject("judged_on", LocalDate.class);
            state.nextCheckOn = rs.getObject("next_check_on", LocalDate.class);
            states.put(state.holderId, state);
        });
        return states;
    }

    /** The read model's rows of these holders; a holder it does not hold is absent. */
    private Map<UUID, Holder> holders(List<UUID> holderIds) {
        Map<UUID, Holder> holders = new HashMap<>();
        if (holderIds.isEmpty()) {
            return holders;
        }
        jdbc.query(withHolders("SELECT holder_id, citizen_id, last_sequence, facts::text AS facts FROM holder "
                + "WHERE holder_id = ANY (?)", holderIds), rs -> {
            holders.put(rs.getObject("holder_id", UUID.class), new Holder(rs.getString("citizen_id"),
                    rs.getLong("last_sequence"), StoredFacts.read(rs.getString("facts"))));
        });
        return holders;
    }

    /**
     * The one new fact of each holder that has exactly one the topics lack: as written, or read in one query.
     */
    private Map<UUID, Stored> nextFacts(List<UUID> holderIds, Map<UUID, State> states, Map<UUID, Holder> holders,
                                        Map<UUID, Written> written) {
        List<UUID> ids = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        Map<UUID, Stored> next = new HashMap<>();
        for (UUID holderId : holderIds) {
            Holder holder = holders.get(holderId);
            if (holder != null && holder.lastSequence() == states.get(holderId).publishedSequence + 1) {
                Written last = written.get(holderId);
                if (last != null) {
                    next.put(holderId, Stored.of(last.last(), last.event()));
                } else {
                    ids.add(holderId);
                    sequences.add(holder.lastSequence());
                }
            }
        }
        if (ids.isEmpty()) {
            return next;
        }
        jdbc.query(connection -> {
            var query = connection.prepareStatement("SELECT e.holder_id, " + STORED_COLUMNS + " FROM holder_event e "
                    + "JOIN unnest(?, ?) AS wanted (wanted_holder, wanted_sequence) "
                    + "ON e.holder_id = wanted_holder AND e.sequence = wanted_sequence");
            query.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            query.setArray(2, connection.createArrayOf("bigint", sequences.toArray()));
            return query;
        }, rs -> {
            UUID holderId = rs.getObject("holder_id", UUID.class);
            next.put(holderId, stored(holderId, rs));
        });
        return next;
    }

    /**
     * The whole fact log of each of these holders (those the topics lack more than one fact of: after a rebuild
     * or a bulk load), in stream order, in one query.
     */
    private Map<UUID, List<Stored>> histories(List<UUID> holderIds) {
        Map<UUID, List<Stored>> histories = new HashMap<>();
        if (holderIds.isEmpty()) {
            return histories;
        }
        jdbc.query(withHolders("SELECT holder_id, " + STORED_COLUMNS + " FROM holder_event "
                + "WHERE holder_id = ANY (?) ORDER BY holder_id, sequence", holderIds), rs -> {
            UUID holderId = rs.getObject("holder_id", UUID.class);
            histories.computeIfAbsent(holderId, id -> new ArrayList<>()).add(stored(holderId, rs));
        });
        return histories;
    }

    private static final String STORED_COLUMNS = "sequence, event_id, type, version, recorded_at, payload::text AS payload";

    /** A fact-log row read with {@link #STORED_COLUMNS}. */
    private static Stored stored(UUID holderId, java.sql.ResultSet rs) throws java.sql.SQLException {
        HolderEventEnvelope envelope = new HolderEventEnvelope(rs.getString("event_id"), rs.getString("type"),
                rs.getInt("version"), holderId.toString(), rs.getLong("sequence"),
                rs.getTimestamp("recorded_at").toInstant(), readTree(rs.getString("payload")));
        return Stored.of(envelope, HolderEventCodec.payload(envelope));
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
