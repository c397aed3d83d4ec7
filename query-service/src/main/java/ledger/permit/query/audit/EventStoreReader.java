package ledger.permit.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.audit.ChainVerifier;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.WireType;
import ledger.permit.rules.facts.RecordedEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the event store itself (read only), for auditors: the events as stored, with who recorded them
 * and their chain hashes. The schema is configurable ({@code ledger.event-store-schema}).
 */
@Repository
public class EventStoreReader {

    private static final ObjectMapper JSON = HolderEventCodec.newMapper();
    private static final Map<String, Class<? extends HolderEvent>> TYPES = Arrays
            .stream(HolderEvent.class.getPermittedSubclasses())
            .map(c -> c.asSubclass(HolderEvent.class))
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    private final JdbcTemplate jdbc;
    private final String table;
    private final ChainVerifier verifier;

    EventStoreReader(JdbcTemplate jdbc, @Value("${ledger.event-store-schema}") String schema) {
        this.jdbc = jdbc;
        this.verifier = new ChainVerifier(schema);
        this.table = schema + ".domainevententry";
    }

    /** One stored event as an auditor sees it. */
    public record StoredEvent(long sequence, String eventId, String type, int version, HolderEvent event,
                              JsonNode payload, Instant recordedAt, String actor, String agency, String chainHash) {
    }

    public long count(HolderId holder) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE aggregateidentifier = ?",
                Long.class, holder.toString());
        return count == null ? 0 : count;
    }

    public List<StoredEvent> events(HolderId holder, long offset, int limit) {
        return jdbc.query("SELECT sequencenumber, eventidentifier, payloadtype, payload, metadata, timestamp, chainhash "
                        + "FROM " + table + " WHERE aggregateidentifier = ? ORDER BY sequencenumber OFFSET ? LIMIT ?",
                (rs, i) -> {
                    try {
                        Class<? extends HolderEvent> type = TYPES.get(rs.getString("payloadtype"));
                        if (type == null) {
                            throw new IllegalStateException("unknown stored type " + rs.getString("payloadtype"));
                        }
                        WireType wire = HolderEventCodec.wireTypeOf(type);
                        JsonNode payload = JSON.readTree(rs.getBytes("payload"));
                        JsonNode metadata = rs.getBytes("metadata") == null ? JSON.createObjectNode()
                                : JSON.readTree(rs.getBytes("metadata"));
                        byte[] hash = rs.getBytes("chainhash");
                        return new StoredEvent(rs.getLong("sequencenumber"), rs.getString("eventidentifier"),
                                wire.name(), wire.version(), JSON.treeToValue(payload, type), payload,
                                Instant.parse(rs.getString("timestamp")), text(metadata, "actor"),
                                text(metadata, "agency"), hash == null ? null : HexFormat.of().formatHex(hash));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, holder.toString(), offset, limit);
    }

    /** The whole stream, for replay. */
    public List<RecordedEvent> history(HolderId holder) {
        return events(holder, 0, Integer.MAX_VALUE).stream()
                .map(e -> new RecordedEvent(e.sequence(), e.recordedAt(), e.event()))
                .toList();
    }

    public ChainVerifier.Result verify(HolderId holder) {
        return jdbc.execute((Connection connection) -> {
            try {
                return verifier.verifyHolder(connection, holder.toString());
            } catch (SQLException e) {
                throw new IllegalStateException("the chain of " + holder + " could not be read", e);
            }
        });
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
