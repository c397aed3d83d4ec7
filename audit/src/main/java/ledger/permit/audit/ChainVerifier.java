package ledger.permit.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Recomputes the per-holder hash chain of the event store (the formula of the {@code event_chain_hash}
 * trigger, migration V3 of the command service) and reports every event that does not fit it.
 */
public final class ChainVerifier {

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]*");

    /** What is wrong with one event of one holder. */
    public record Finding(String holderId, long sequence, Kind kind, String detail) {
    }

    public enum Kind {
        /** The row's content, order or link does not give its stored hash: changed, reordered, or re-hashed. */
        ALTERED,
        /** A sequence number is missing from the holder's stream: an event was deleted. */
        MISSING,
        /** The row has no hash at all. */
        UNCHAINED
    }

    /** The outcome for one holder or the whole store. */
    public record Result(long holders, long events, List<Finding> findings) {
        public boolean intact() {
            return findings.isEmpty();
        }
    }

    /** Progress of a whole-store verification, after each holder. */
    public record Progress(long holdersDone, long holdersTotal, long events, long findings) {
    }

    private final String table;

    /** @param schema the event store's schema, e.g. {@code event_store} */
    public ChainVerifier(String schema) {
        if (!SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a schema name: " + schema);
        }
        this.table = schema + ".domainevententry";
    }

    public Result verifyHolder(Connection connection, String holderId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT sequencenumber, eventidentifier, "
                + "payloadtype, payloadrevision, timestamp, payload, metadata, chainhash FROM " + table
                + " WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            select.setString(1, holderId);
            try (ResultSet rows = select.executeQuery()) {
                List<Finding> findings = new ArrayList<>();
                long events = walk(holderId, rows, findings);
                return new Result(events == 0 ? 0 : 1, events, List.copyOf(findings));
            }
        }
    }

    /** Verifies every holder's chain, reporting progress after each holder. */
    public Result verifyAll(Connection connection, Consumer<Progress> progress) throws SQLException {
        long total;
        try (var count = connection.createStatement().executeQuery(
                "SELECT count(DISTINCT aggregateidentifier) FROM " + table)) {
            count.next();
            total = count.getLong(1);
        }
        List<Finding> findings = new ArrayList<>();
        long holders = 0;
        long events = 0;
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement("SELECT aggregateidentifier, sequencenumber, "
                + "eventidentifier, payloadtype, payloadrevision, timestamp, payload, metadata, chainhash FROM "
                + table + " ORDER BY aggregateidentifier, sequencenumber")) {
            select.setFetchSize(1000);
            try (ResultSet rows = select.executeQuery()) {
                HolderWalk walk = null;
                while (rows.next()) {
                    String holder = rows.getString("aggregateidentifier");
                    if (walk == null || !walk.holderId.equals(holder)) {
                        if (walk != null) {
                            holders++;
                            progress.accept(new Progress(holders, total, events, findings.size()));
                        }
                        walk = new HolderWalk(holder, findings);
                    }
                    walk.next(rows);
                    events++;
                }
                if (walk != null) {
                    holders++;
                    progress.accept(new Progress(holders, total, events, findings.size()));
                }
            }
        } finally {
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
        return new Result(holders, events, List.copyOf(findings));
    }

    private long walk(String holderId, ResultSet rows, List<Finding> findings) throws SQLException {
        HolderWalk walk = new HolderWalk(holderId, findings);
        long events = 0;
        while (rows.next()) {
            walk.next(rows);
            events++;
        }
        return events;
    }

    /** One holder's rows in sequence order. */
    private static final class HolderWalk {
        private final String holderId;
        private final List<Finding> findings;
        private long expected;
        private byte[] previous = new byte[0];

        HolderWalk(String holderId, List<Finding> findings) {
            this.holderId = holderId;
            this.findings = findings;
        }

        void next(ResultSet row) throws SQLException {
            long sequence = row.getLong("sequencenumber");
            byte[] stored = row.getBytes("chainhash");
            boolean afterGap = sequence != expected;
            for (long missing = expected; missing < sequence; missing++) {
                findings.add(new Finding(holderId, missing, Kind.MISSING, "no event " + missing
                        + " in the stream: deleted, or its sequence number changed"));
            }
            expected = sequence + 1;
            if (stored == null) {
                findings.add(new Finding(holderId, sequence, Kind.UNCHAINED, "the row carries no chain hash"));
                previous = new byte[0];
                return;
            }
            if (!afterGap) {
                byte[] computed = hash(previous, holderId, sequence, row.getString("eventidentifier"),
                        row.getString("payloadtype"), row.getString("payloadrevision"), row.getString("timestamp"),
                        row.getBytes("payload"), row.getBytes("metadata"));
                if (!Arrays.equals(computed, stored)) {
                    findings.add(new Finding(holderId, sequence, Kind.ALTERED, "stored hash "
                            + HexFormat.of().formatHex(stored) + " does not match the content, order and link ("
                            + HexFormat.of().formatHex(computed) + ")"));
                }
            }
            // the chain goes on from what is stored, so a changed row is reported alone
            previous = stored;
        }
    }

    /** The chain formula, byte for byte as the database computes it. */
    public static byte[] hash(byte[] previous, String holderId, long sequence, String eventId, String payloadType,
                              String payloadRevision, String timestamp, byte[] payload, byte[] metadata) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous == null ? new byte[0] : previous);
            sha256.update((holderId + "|" + sequence + "|" + eventId + "|" + payloadType + "|"
                    + (payloadRevision == null ? "" : payloadRevision) + "|" + timestamp + "|" + payload.length + "|")
                    .getBytes(StandardCharsets.UTF_8));
            sha256.update(payload);
            sha256.update("|".getBytes(StandardCharsets.UTF_8));
            sha256.update(metadata == null ? new byte[0] : metadata);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
