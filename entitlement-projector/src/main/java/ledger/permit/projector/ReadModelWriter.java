package ledger.permit.projector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.contracts.wire.MalformedMessageException;
import ledger.permit.rules.EntitlementRules;
import ledger.permit.rules.HolderFacts;
import ledger.permit.rules.ServicePeriod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Applies one holder event to the read model: folds it into the holder's facts, derives the
 * entitlements with the rules, and writes both with the event's sequence in one transaction.
 */
@Component
class ReadModelWriter {

    private static final ObjectMapper FACTS_JSON = HolderEventCodec.newMapper();

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

    private ApplyOutcome applyInTransaction(HolderEventEnvelope envelope) {
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
            facts = HolderFacts.none();
        } else {
            long last = ((Number) rows.getFirst().get("last_sequence")).longValue();
            if (envelope.sequence() <= last) {
                return ApplyOutcome.DUPLICATE;
            }
            if (envelope.sequence() != last + 1) {
                throw new SequenceGapException(envelope.holderId(), last + 1, envelope.sequence());
            }
            facts = readFacts((String) rows.getFirst().get("facts"));
        }

        HolderFacts next = facts.apply(event);
        if (rows.isEmpty()) {
            if (!(event instanceof PermitApplied applied)) {
                throw new MalformedMessageException("holder " + holderId + " starts with "
                        + envelope.type() + " instead of an application", null);
            }
            jdbc.update("INSERT INTO holder (holder_id, citizen_id, jurisdiction, permit_status, facts, "
                            + "last_sequence, last_event_id) VALUES (?, ?, ?, ?, ?::jsonb, ?, ?)",
                    holderId, applied.citizenId().value(), next.jurisdiction().value(), next.permitStatus().name(),
                    writeFacts(next), envelope.sequence(), envelope.eventId());
        } else {
            jdbc.update("UPDATE holder SET jurisdiction = ?, permit_status = ?, facts = ?::jsonb, last_sequence = ?, "
                            + "last_event_id = ?, updated_at = now() WHERE holder_id = ?",
                    next.jurisdiction().value(), next.permitStatus().name(), writeFacts(next), envelope.sequence(),
                    envelope.eventId(), holderId);
        }
        replacePeriods(holderId, EntitlementRules.timeline(next));
        return ApplyOutcome.APPLIED;
    }

    private void replacePeriods(UUID holderId, List<ServicePeriod> timeline) {
        jdbc.update("DELETE FROM entitlement_period WHERE holder_id = ?", holderId);
        jdbc.batchUpdate("INSERT INTO entitlement_period (holder_id, service_code, status, valid_from, valid_to) "
                        + "VALUES (?, ?, ?, ?, ?)",
                timeline.stream().map(p -> new Object[]{holderId, p.code().name(), p.status().name(),
                        Date.valueOf(p.from()), p.to() == null ? null : Date.valueOf(p.to())}).toList());
    }

    private static HolderFacts readFacts(String json) {
        try {
            return FACTS_JSON.readValue(json, HolderFacts.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored facts cannot be read", e);
        }
    }

    private static String writeFacts(HolderFacts facts) {
        try {
            return FACTS_JSON.writeValueAsString(facts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("facts cannot be written", e);
        }
    }
}
