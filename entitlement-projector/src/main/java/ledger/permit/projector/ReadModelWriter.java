package ledger.permit.projector;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import ledger.permit.projector.publication.Publication;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.storedfacts.StoredFacts;
import ledger.permit.rules.facts.PermitRecord;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Applies one holder event to the read model: appends it to the holder's fact log, folds it into the
 * holder's facts with the rules' own fold, and writes both with the event's sequence in one transaction.
 * The query service derives entitlements for any day from the folded facts when they hold everything known at the
 * instant asked about (as they do for "known now"), and from the log for an earlier "known at" instant.
 */
@Component
class ReadModelWriter {

    /** The columns of a holder's row, as {@link Holder#newRow} gives them. */
    static final CopyIn.Columns HOLDER_COLUMNS = CopyIn.Columns.of("holder_id uuid", "citizen_id text",
            "jurisdiction text", "permit_status text", "facts text", "last_sequence int8", "last_event_id text",
            "last_recorded_at timestamptz");
    /** The columns of a fact-log row, as {@link #factRow} gives them. */
    static final CopyIn.Columns FACT_COLUMNS = CopyIn.Columns.of("holder_id uuid", "sequence int8", "event_id text",
            "type text", "version int4", "recorded_at timestamptz", "payload text");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    /** Whether the holders' rows are locked as they are read: not when this is the tables' only writer. */
    private final boolean lockRows;

    @Autowired
    ReadModelWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this(jdbc, transaction, true);
    }

    private ReadModelWriter(JdbcTemplate jdbc, TransactionTemplate transaction, boolean lockRows) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.lockRows = lockRows;
    }

    /** A writer of tables that nothing else writes (a rebuild's new schema): it reads holders without locking them. */
    static ReadModelWriter soleWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        return new ReadModelWriter(jdbc, transaction, false);
    }

    /** Applies the event, or recognises it as applied before; all or nothing. */
    ApplyOutcome apply(HolderEventEnvelope envelope) {
        return transaction.execute(status -> applyInTransaction(envelope));
    }

    /** Applies the event within the caller's transaction. */
    ApplyOutcome applyInTransaction(HolderEventEnvelope envelope) {
        return applyAllInTransaction(List.of(envelope)).getFirst();
    }

    /**
     * Applies the events in their order within the caller's transaction, as {@link #applyInTransaction} would one
     * after another, with one read of the holders' rows, and one write of each holder and a batch of fact-log
     * rows for all. If any event is malformed or out of sequence, nothing is written and that is thrown.
     *
     * @return each event's outcome, in the events' order
     */
    List<ApplyOutcome> applyAllInTransaction(List<HolderEventEnvelope> envelopes) {
        return applyAll(envelopes).outcomes();
    }

    /**
     * What {@link #applyAll} did: each event's outcome, in the events' order, and each holder it changed as it wrote
     * it, with its last event.
     */
    record Applied(List<ApplyOutcome> outcomes, Map<UUID, Publication.Written> written) {
    }

    /** {@link #applyAllInTransaction}, and the holders as written, for the public topics' judgement. */
    Applied applyAll(List<HolderEventEnvelope> envelopes) {
        List<HolderEvent> events = new ArrayList<>(envelopes.size());
        Set<UUID> holderIds = new LinkedHashSet<>();
        for (HolderEventEnvelope envelope : envelopes) {
            HolderEvent event = event(envelope, HolderEventCodec.payload(envelope));
            events.add(event);
            holderIds.add(event.holderId().value());
        }
        Map<UUID, Holder> holders = lock(holderIds);
        List<ApplyOutcome> outcomes = new ArrayList<>(envelopes.size());
        List<Object[]> factRows = new ArrayList<>();
        Set<UUID> changed = new LinkedHashSet<>();
        Map<UUID, Publication.Written> written = new HashMap<>();
        for (int i = 0; i < envelopes.size(); i++) {
            HolderEventEnvelope envelope = envelopes.get(i);
            HolderEvent event = events.get(i);
            UUID holderId = event.holderId().value();
            Holder holder = next(holders.get(holderId), envelope, event);
            if (holder == null) {
                outcomes.add(ApplyOutcome.DUPLICATE);
                continue;
            }
            holders.put(holderId, holder);
            changed.add(holderId);
            factRows.add(factRow(envelope));
            outcomes.add(ApplyOutcome.APPLIED);
            written.put(holderId, new Publication.Written(holder.citizen().value(), holder.facts(), envelope, event));
        }
        write(changed.stream().map(id -> Map.entry(id, holders.get(id))).toList(), factRows);
        return new Applied(outcomes, written);
    }

    /** The event in the envelope, if it is the envelope's holder's. */
    static HolderEvent event(HolderEventEnvelope envelope, HolderEvent event) {
        if (!event.holderId().toString().equals(envelope.holderId())) {
            throw new MalformedMessageException("envelope of holder " + envelope.holderId()
                    + " carries an event of holder " + event.holderId(), null);
        }
        return event;
    }

    /**
     * The holder after the event, from the holder as read or as the events before left it ({@code null}: none
     * yet); {@code null} if the event was applied before.
     *
     * @throws SequenceGapException if an event before it is missing
     * @throws MalformedMessageException if a holder's first event is not an application, or the event has no
     *         record time
     */
    static Holder next(Holder holder, HolderEventEnvelope envelope, HolderEvent event) {
        Holder after = advanced(holder, envelope, event);
        return after == null ? null : after.withFacts(after.facts().apply(event));
    }

    /**
     * {@link #next}'s checks, and the holder with the event's sequence, identifier and record time, but its facts
     * as they were: for a caller that folds many of a holder's events into its facts at once
     * ({@link HolderFacts#applyAll}).
     */
    static Holder advanced(Holder holder, HolderEventEnvelope envelope, HolderEvent event) {
        if (envelope.recordedAt() == null) {
            throw new MalformedMessageException("envelope " + envelope.eventId() + " has no record time", null);
        }
        if (holder == null) {
            if (envelope.sequence() != 0) {
                throw new SequenceGapException(envelope.holderId(), 0, envelope.sequence());
            }
            CitizenId citizen = switch (event) {
                case PermitApplied applied -> applied.citizenId();
                case PermitApplicationRefused refused -> refused.citizenId();
                default -> throw new MalformedMessageException("holder " + envelope.holderId() + " starts with "
                        + envelope.type() + " instead of an application", null);
            };
            holder = new Holder(false, citizen, HolderFacts.none(), -1, null, null);
        } else if (envelope.sequence() <= holder.lastSequence()) {
            return null;
        } else if (envelope.sequence() != holder.lastSequence() + 1) {
            throw new SequenceGapException(envelope.holderId(), holder.lastSequence() + 1, envelope.sequence());
        }
        Instant recordedAt = holder.lastRecordedAt() == null || envelope.recordedAt().isAfter(holder.lastRecordedAt())
                ? envelope.recordedAt() : holder.lastRecordedAt();
        return new Holder(holder.stored(), holder.citizen(), holder.facts(), envelope.sequence(), envelope.eventId(),
                recordedAt);
    }

    /**
     * A holder's row as read, or as the events applied so far leave it; {@code stored} if the row exists.
     * {@code lastRecordedAt} is the latest record time among its events (not necessarily the last event's: two
     * command services' clocks may differ).
     */
    record Holder(boolean stored, CitizenId citizen, HolderFacts facts, long lastSequence, String lastEventId,
                  Instant lastRecordedAt) {

        Holder withFacts(HolderFacts other) {
            return new Holder(stored, citizen, other, lastSequence, lastEventId, lastRecordedAt);
        }

        /** The columns of a new holder's row, {@link #HOLDER_COLUMNS}, for {@link CopyIn}. */
        Object[] newRow(UUID holderId) {
            PermitRecord permit = facts.current();
            return new Object[]{holderId, citizen.value(), jurisdiction(permit), permitStatus(permit),
                    StoredFacts.write(facts), lastSequence, lastEventId, CopyIn.micros(lastRecordedAt)};
        }
    }

    /**
     * The rows of these holders, locked for this transaction (in one order, so two writers never deadlock) unless
     * this is the only writer.
     */
    private Map<UUID, Holder> lock(Set<UUID> holderIds) {
        Map<UUID, Holder> holders = new HashMap<>();
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT holder_id, last_sequence, facts::text, "
                    + "last_recorded_at, citizen_id FROM holder "
                    + "WHERE holder_id = ANY (?)" + (lockRows ? " ORDER BY holder_id FOR UPDATE" : ""));
            statement.setArray(1, connection.createArrayOf("uuid", holderIds.toArray()));
            return statement;
        }, row -> {
            holders.put(row.getObject(1, UUID.class), new Holder(true, CitizenId.of(row.getString(5)),
                    StoredFacts.read(row.getString(3)), row.getLong(2), null,
                    row.getObject(4, OffsetDateTime.class).toInstant()));
        });
        return holders;
    }

    /**
     * Each changed holder once (a new one inserted, a known one updated), and the new fact-log rows: new rows with
     * {@code COPY}, the updates in one statement.
     */
    private void write(List<Map.Entry<UUID, Holder>> holders, List<Object[]> factRows) {
        if (factRows.isEmpty()) {
            return;
        }
        List<Object[]> inserts = new ArrayList<>();
        List<Map.Entry<UUID, Holder>> updates = new ArrayList<>();
        for (Map.Entry<UUID, Holder> entry : holders) {
            Holder holder = entry.getValue();
            if (holder.stored()) {
                updates.add(entry);
            } else {
                inserts.add(holder.newRow(entry.getKey()));
            }
        }
        CopyIn.rows(jdbc, "holder", HOLDER_COLUMNS, inserts);
        if (!updates.isEmpty()) {
            update(updates);
        }
        CopyIn.rows(jdbc, "holder_event", FACT_COLUMNS, factRows);
    }

    /** A fact-log row of the event, {@link #FACT_COLUMNS}, for {@link CopyIn}. */
    static Object[] factRow(HolderEventEnvelope envelope) {
        return factRow(envelope.holderId(), envelope.sequence(), envelope.eventId(), envelope.type(),
                envelope.version(), envelope.recordedAt(), envelope.payload().toString());
    }

    /** A fact-log row, {@link #FACT_COLUMNS}, for {@link CopyIn}: the payload as JSON text. */
    static Object[] factRow(String holderId, long sequence, String eventId, String type, int version,
                            Instant recordedAt, String payload) {
        return factRow(holderId, sequence, eventId, type, version, CopyIn.micros(recordedAt), payload);
    }

    /** A fact-log row, its record time already in {@link CopyIn#micros}. */
    static Object[] factRow(String holderId, long sequence, String eventId, String type, int version,
                            long recordedAt, String payload) {
        return new Object[]{holderId, sequence, eventId, type, version, recordedAt, payload};
    }

    /** The stored holders' new rows, in one statement. */
    private void update(List<Map.Entry<UUID, Holder>> updates) {
        int n = updates.size();
        String[] jurisdictions = new String[n];
        String[] statuses = new String[n];
        String[] facts = new String[n];
        Long[] sequences = new Long[n];
        String[] eventIds = new String[n];
        Timestamp[] recordedAt = new Timestamp[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Holder holder = updates.get(i).getValue();
            PermitRecord permit = holder.facts().current();
            jurisdictions[i] = jurisdiction(permit);
            statuses[i] = permitStatus(permit);
            facts[i] = StoredFacts.write(holder.facts());
            sequences[i] = holder.lastSequence();
            eventIds[i] = holder.lastEventId();
            recordedAt[i] = Timestamp.from(holder.lastRecordedAt());
            ids[i] = updates.get(i).getKey();
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("UPDATE holder h SET jurisdiction = u.jurisdiction, "
                    + "permit_status = u.permit_status, facts = u.facts::json, last_sequence = u.last_sequence, "
                    + "last_event_id = u.last_event_id, last_recorded_at = u.last_recorded_at, updated_at = now() "
                    + "FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::timestamptz[], "
                    + "?::uuid[]) AS u (jurisdiction, permit_status, facts, last_sequence, last_event_id, "
                    + "last_recorded_at, holder_id) "
                    + "WHERE h.holder_id = u.holder_id");
            statement.setArray(1, connection.createArrayOf("text", jurisdictions));
            statement.setArray(2, connection.createArrayOf("text", statuses));
            statement.setArray(3, connection.createArrayOf("text", facts));
            statement.setArray(4, connection.createArrayOf("bigint", sequences));
            statement.setArray(5, connection.createArrayOf("text", eventIds));
            statement.setArray(6, connection.createArrayOf("timestamptz", recordedAt));
            statement.setArray(7, connection.createArrayOf("uuid", ids));
            return statement;
        });
    }

    private static String jurisdiction(PermitRecord permit) {
        return permit == null ? null : permit.jurisdiction().value();
    }

    /** The stage of the latest application, as a summary for lists and statistics. */
    static String permitStatus(PermitRecord permit) {
        if (permit == null) {
            return "NONE";
        }
        if (permit.refused()) {
            return "REFUSED";
        }
        if (permit.rejectedOn() != null) {
            return "REJECTED";
        }
        if (permit.ended() != null) {
            return permit.endReason().name();
        }
        return permit.issuedOn() != null ? "ISSUED" : "APPLIED";
    }

}
