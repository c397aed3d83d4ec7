package ledger.permit.projector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies one holder event to the read model: appends it to the holder's fact log, folds it into the
 * holder's facts with the rules' own fold, and writes both with the event's sequence in one transaction.
 * The query service derives entitlements from the log for any day and any "known at" instant.
 */
@Component
class ReadModelWriter {

    private static final ObjectMapper JSON = HolderEventCodec.newMapper();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    ReadModelWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** Applies the event, or recognises it as applied before; all or nothing. */
    ApplyOutcome apply(HolderEventEnvelope envelope) {
        return transaction.execute(status -> applyInTransaction(envelope));
    }

    /** Applies the event within the caller's transaction. */
    ApplyOutcome applyInTransaction(HolderEventEnvelope envelope) {
        HolderEvent event = HolderEventCodec.payload(envelope);
        UUID holderId = event.holderId().value();
        if (!event.holderId().toString().equals(envelope.holderId())) {
            throw new MalformedMessageException("envelope of holder " + envelope.holderId()
                    + " carries an event of holder " + event.holderId(), null);
        }
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT last_sequence, facts::text AS facts FROM holder WHERE holder_id = ? FOR UPDATE", holderId);
        HolderFacts facts;
        if (rows.isEmpty()) {
            if (envelope.sequence() != 0) {
                throw new SequenceGapException(envelope.holderId(), 0, envelope.sequence());
            }
            if (!(event instanceof PermitApplied || event instanceof PermitApplicationRefused)) {
                throw new MalformedMessageException("holder " + holderId + " starts with "
                        + envelope.type() + " instead of an application", null);
            }
            facts = HolderFacts.none();
        } else {
            long last = ((Number) rows.getFirst().get("last_sequence")).longValue();
            if (envelope.sequence() <= last) {
                return ApplyOutcome.DUPLICATE;
            }
            if (envelope.sequence() != last + 1) {
                throw new SequenceGapException(envelope.holderId(), last + 1, envelope.sequence());
            }
            facts = read((String) rows.getFirst().get("facts"));
        }

        HolderFacts next = facts.apply(event);
        PermitRecord permit = next.current();
        String status = permitStatus(permit);
        if (rows.isEmpty()) {
            CitizenId citizen = switch (event) {
                case PermitApplied applied -> applied.citizenId();
                case PermitApplicationRefused refused -> refused.citizenId();
                default -> throw new IllegalStateException("checked above");
            };
            jdbc.update("INSERT INTO holder (holder_id, citizen_id, jurisdiction, permit_status, facts, "
                            + "last_sequence, last_event_id) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)",
                    holderId, citizen.value(), permit.jurisdiction().value(), status, write(next),
                    envelope.sequence(), envelope.eventId());
        } else {
            jdbc.update("UPDATE holder SET jurisdiction = ?, permit_status = ?, facts = ?::jsonb, last_sequence = ?, "
                            + "last_event_id = ?, updated_at = now() WHERE holder_id = ?",
                    permit == null ? null : permit.jurisdiction().value(), status, write(next), envelope.sequence(),
                    envelope.eventId(), holderId);
        }
        jdbc.update("INSERT INTO holder_event (holder_id, sequence, event_id, type, version, recorded_at, payload) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)",
                holderId, envelope.sequence(), envelope.eventId(), envelope.type(), envelope.version(),
                Timestamp.from(envelope.recordedAt()), envelope.payload().toString());
        return ApplyOutcome.APPLIED;
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

    private static HolderFacts read(String json) {
        try {
            return JSON.readValue(json, HolderFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored facts cannot be read", e);
        }
    }

    private static String write(HolderFacts facts) {
        try {
            return JSON.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("facts cannot be written", e);
        }
    }
}
