package ledger.permit.contracts.wire;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One holder event as it travels on the internal event topic, keyed by {@code holderId}.
 *
 * @param eventId    the event store's identifier of the event, unique
 * @param type       the wire name of the payload ({@link WireType#name()})
 * @param version    the wire version of the payload
 * @param holderId   the stream the event belongs to
 * @param sequence   its position in that stream, from 0, without gaps
 * @param recordedAt when the ledger stored it (record time)
 * @param payload    the event's fields
 */
public record HolderEventEnvelope(String eventId, String type, int version, String holderId, long sequence,
                                  Instant recordedAt, JsonNode payload) {
}
