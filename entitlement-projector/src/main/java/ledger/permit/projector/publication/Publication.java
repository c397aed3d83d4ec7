package ledger.permit.projector.publication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.statistics.EntitlementChangeV2;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Cause;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Change;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Clause;
import ledger.permit.contracts.statistics.EntitlementChangeV2.PolicyRef;
import ledger.permit.contracts.statistics.PublicMessage;
import ledger.permit.contracts.statistics.PublicMessageCodec;
import ledger.permit.contracts.catalog.ServiceCode;
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
import java.time.YearMonth;
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
    private final ProfileLevels levels;
    /** The services a policy of the nation governs: any other names the regions whose policies grant it. */
    private final java.util.Set<ServiceCode> nationalServices;

    public Publication(JdbcTemplate jdbc, PolicyCatalog catalog, Pseudonyms pseudonyms, ProfileLevels levels) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.pseudonyms = pseudonyms;
        this.levels = levels;
        this.nationalServices = catalog.policies().stream().filter(p -> p.regions().contains("000000"))
                .flatMap(p -> p.services().keySet().stream()).collect(java.util.stream.Collectors.toSet());
        this.facts = new PublicFacts(pseudonyms, catalog);
    }

    /** One holder's publication row. */
    private static final class State {
        final UUID holderId;
        long publishedSequence;
        TreeMap<String, Published> statuses;
        long changeCount;
        LocalDate judgedOn;
        LocalDate nextCheckOn;
        /** The jurisdiction its class was decided with, once published ("" for none); null before. */
        String profileJurisdiction;

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

        /**
         * The holder's exact attributes its class on the public topics is of: its jurisdiction when first published,
         * or now, if it never was.
         */
        Generalisation.Tuple tuple(State state) {
            PermitRecord permit = facts.current();
            return Generalisation.Tuple.of(citizenId, state.profileJurisdiction != null ? state.profileJurisdiction
                    : permit == null ? null : permit.jurisdiction().value());
        }
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
        private final List<Object[]> parked = new ArrayList<>();

        void outbox(String stream, String key, PublicMessage message) {
            outbox.add(new Object[]{stream, key, message.messageId(), message.type(), message.version(),
                    PublicMessageCodec.write(message)});
        }

        void save(State state) {
            saved.add(new Object[]{state.publishedSequence, write(state.statuses), state.changeCount, state.judgedOn,
                    state.nextCheckOn, state.profileJurisdiction, state.holderId});
        }

        /**
         * Not (or no longer) in the read model this projector serves, or in no class of k holders yet: nothing to
         * judge or publish until it is ({@link #placeWaiting}).
         */
        void park(State state) {
            parked.add(new Object[]{state.holderId});
        }

        void flush() {
            if (!outbox.isEmpty()) {
                jdbc.batchUpdate("INSERT INTO publication.outbox (stream, message_key, message_id, message_type, "
                        + "message_version, payload) VALUES (?, ?, ?, ?, ?, ?)", outbox);
            }
            if (!saved.isEmpty()) {
                jdbc.batchUpdate("UPDATE publication.holder_publication SET published_sequence = ?, "
                        + "statuses = ?::jsonb, change_count = ?, judged_on = ?, next_check_on = ?, "
                        + "profile_jurisdiction = ?, updated_at = now() "
                        + "WHERE holder_id = ?", saved);
            }
            if (!parked.isEmpty()) {
                jdbc.batchUpdate("UPDATE publication.holder_publication SET next_check_on = NULL WHERE holder_id = ?",
                        parked);
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

    /** How many holders wait: in no class of k holders yet, or not in the read model this projector serves. */
    public long parked() {
        Long n = jdbc.queryForObject("SELECT count(*) FROM publication.holder_publication WHERE next_check_on IS NULL",
                Long.class);
        return n == null ? 0 : n;
    }

    /**
     * Places the attributes of the holders that wait for a class where a class of k can take them now
     * ({@link ProfileLevels#recode}); then makes every holder of the read model never published due {@code today}
     * (those the classes counted), and every waiting holder: each is judged again, and published if its class is
     * decided (also one that waited on a class decided while its own transaction ran). In the caller's transaction.
     *
     * @return how many holders were made due
     */
    public int placeWaiting(LocalDate today) {
        int due = levels.recode(today) > 0 ? scheduleUnpublished(today) : 0;
        return due + jdbc.update("UPDATE publication.holder_publication SET next_check_on = ? WHERE holder_id IN "
                + "(SELECT holder_id FROM publication.holder_publication WHERE next_check_on IS NULL "
                + "ORDER BY holder_id FOR UPDATE SKIP LOCKED)", today);
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
        Map<UUID, Generalisation.Tuple> tuples = new HashMap<>();
        present.stream().filter(holders::containsKey)
                .forEach(id -> tuples.put(id, holders.get(id).tuple(states.get(id))));
        Map<Generalisation.Tuple, Integer> decided = levels.levels(new java.util.HashSet<>(tuples.values()));
        Writes writes = new Writes();
        for (UUID holderId : present) {
            Generalisation.Tuple tuple = tuples.get(holderId);
            Integer level = tuple == null ? null : decided.get(tuple);
            process(states.get(holderId), holders.get(holderId), level == null ? null : new HolderProfile(tuple, level),
                    nextFacts.get(holderId), histories.getOrDefault(holderId, List.of()), today, timeDue, writes);
        }
        writes.flush();
    }

    /** @param profile the holder's published profile; null while its attributes are in no class of k holders */
    private void process(State state, Holder holder, HolderProfile profile, Stored nextFact, List<Stored> history,
                         LocalDate today, boolean timeDue, Writes writes) {
        if (holder == null || profile == null) {
            writes.park(state);
            return;
        }
        state.profileJurisdiction = profile.tuple().jurisdiction();
        Stored lastNew = null;
        if (holder.lastSequence() > state.publishedSequence) {
            lastNew = publishFacts(state, holder, profile, nextFact, history, writes);
        } else if (!timeDue && today.equals(state.judgedOn)) {
            return;
        }
        judge(state, holder, profile, today, lastNew, writes);
        writes.save(state);
    }

    /**
     * @param nextFact the holder's one new fact, read beforehand, when it has just one ({@link #nextFacts})
     * @param history  otherwise its whole fact log, read beforehand ({@link #histories})
     */
    private Stored publishFacts(State state, Holder holder, HolderProfile profile, Stored nextFact,
                                List<Stored> history, Writes writes) {
        String holderKey = pseudonyms.of(holder.citizenId());
        Stored last = null;
        if (nextFact != null) {
            // the usual case: one new fact, and the read model's facts are those right after it
            last = nextFact;
            writes.outbox(FACTS_STREAM, holderKey, facts.of(holderKey, holder.citizenId(), profile, last, holder.facts()));
        } else {
            HolderFacts folded = HolderFacts.none();
            for (Stored recorded : history) {
                folded = folded.apply(recorded.event());
                if (recorded.sequence() > state.publishedSequence) {
                    writes.outbox(FACTS_STREAM, holderKey, facts.of(holderKey, holder.citizenId(), profile, recorded, folded));
                    last = recorded;
                }
            }
        }
        state.publishedSequence = holder.lastSequence();
        return last;
    }

    private void judge(State state, Holder holder, HolderProfile profile, LocalDate today, Stored cause,
                       Writes writes) {
        HolderFacts holderFacts = holder.facts();
        Assessment assessment = EntitlementRules.assess(holderFacts, catalog, today);
        PermitRecord permit = holderFacts.permitOn(today);
        String jurisdiction = permit == null ? null : permit.jurisdiction().value();
        String holderKey = pseudonyms.of(holder.citizenId());
        ChangeStream.Step step = ChangeStream.step(state.statuses, assessment, jurisdiction, today,
                state.judgedOn);
        List<String> policyRegions = assessment.policyId() == null ? List.of("000000")
                : catalog.policy(assessment.policyId(), assessment.policyVersion()).map(p -> p.regions())
                .orElse(List.of());
        for (ChangeStream.Change change : step.changes()) {
            state.changeCount++;
            String messageId = UUID.nameUUIDFromBytes(("change:" + state.holderId + ":" + state.changeCount)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            HolderProfile.Published where = profile.jurisdiction(change.jurisdiction());
            boolean namePolicy = HolderProfile.mayName(policyRegions, where.level());
            if (!namePolicy && !nationalServices.contains(change.code())) {
                // a service only some regions grant, beside a jurisdiction withheld (one the holder moved to since
                // its class was decided), would name the region: not published
                continue;
            }
            String childKey = change.child() == null ? null : pseudonyms.ofChild(holder.citizenId(), change.child());
            writes.outbox(CHANGES_STREAM, holderKey, new EntitlementChangeV2(messageId, holderKey, childKey,
                    change.code().name(), change.kind(), change.status(), change.previousStatus(), where.code(),
                    where.level(), YearMonth.from(change.effective()), YearMonth.from(today),
                    cause(change, assessment, cause, namePolicy),
                    namePolicy ? new PolicyRef(assessment.policyId(), assessment.policyVersion()) : null,
                    namePolicy ? change.basis().stream().map(c -> new Clause(c.document(), c.clause())).toList()
                            : null));
        }
        state.statuses = step.published();
        state.judgedOn = today;
        state.nextCheckOn = nextCheck(assessment, today);
    }

    /**
     * The event just applied, or what time alone does on the change's day (an anniversary, a policy, a threshold;
     * where the policy may not be named, {@code time}: the day a policy took effect would name it).
     */
    private Cause cause(ChangeStream.Change change, Assessment assessment, Stored event, boolean namePolicy) {
        if (change.kind() == Change.SUSPENDED) {
            return new Cause("anniversary", null, null);
        }
        if (event != null) {
            return new Cause("event", event.type(), event.sequence());
        }
        String kind = Timeline.timeCause(change.effective(), assessment, catalog);
        return new Cause(!namePolicy && kind.equals("policy") ? "time" : kind, null, null);
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
                + "judged_on, next_check_on, profile_jurisdiction FROM publication.holder_publication "
                + "WHERE holder_id = ANY (?) "
                + "ORDER BY holder_id FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : ""), holderIds), rs -> {
            State state = new State(rs.getObject("holder_id", UUID.class));
            state.publishedSequence = rs.getLong("published_sequence");
            state.statuses = read(rs.getString("statuses"), STATUSES);
            state.changeCount = rs.getLong("change_count");
            state.judgedOn = rs.getObject("judged_on", LocalDate.class);
            state.nextCheckOn = rs.getObject("next_check_on", LocalDate.class);
            state.profileJurisdiction = rs.getString("profile_jurisdiction");
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
