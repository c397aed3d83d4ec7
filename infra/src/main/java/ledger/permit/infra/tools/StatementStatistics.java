package ledger.permit.infra.tools;

import ledger.permit.infra.local.DatabaseEndpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * PostgreSQL's own account of where its time went, statement by statement ({@code pg_stat_statements}, which the
 * embedded server loads when the benchmark profiles): reset before a stretch of the benchmark, and written after it
 * to a file, the statements that took the most time first. Statements run inside functions and triggers (the event
 * store's chain hash) are counted on their own as well as in the statement that ran them.
 */
final class StatementStatistics {

    /** The server settings that load the extension (they need a server started with them). */
    static final Map<String, String> SERVER_SETTINGS = Map.of(
            "shared_preload_libraries", "pg_stat_statements",
            "pg_stat_statements.track", "all");

    private static final int LISTED = 30;
    private static final int QUERY_TEXT = 400;

    private final DatabaseEndpoint db;

    private StatementStatistics(DatabaseEndpoint db) {
        this.db = db;
    }

    /** Creates the extension in the ledger's database, whose server was started with {@link #SERVER_SETTINGS}. */
    static StatementStatistics enable(DatabaseEndpoint db) {
        try (Connection connection = connect(db)) {
            connection.createStatement().execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements could not be enabled: " + e.getMessage(), e);
        }
        return new StatementStatistics(db);
    }

    /** Forgets what was counted so far. */
    void reset() {
        try (Connection connection = connect(db)) {
            connection.createStatement().execute("SELECT pg_stat_statements_reset()");
        } catch (SQLException e) {
            throw new IllegalStateException("pg_stat_statements could not be reset: " + e.getMessage(), e);
        }
    }

    /** Writes the statements counted since the last reset to {@code file}, the most time first. */
    void write(Path file, String what) throws IOException {
        try (Connection connection = connect(db);
             var rows = connection.createStatement().executeQuery("SELECT calls, total_exec_time, rows, "
                     + "shared_blks_hit + shared_blks_read, wal_bytes, toplevel, "
                     + "sum(total_exec_time) FILTER (WHERE toplevel) OVER (), "
                     + "regexp_replace(query, '\\s+', ' ', 'g') "
                     + "FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT " + LISTED);
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.printf("PostgreSQL's statements during %s, the most time first (pg_stat_statements; a statement of a"
                    + " function or trigger, marked \"in\", is counted in its caller's time too)%n", what);
            out.printf("%9s %10s %8s %6s %10s %11s %9s  %s%n", "calls", "total ms", "mean µs", "share", "rows",
                    "blocks", "WAL MB", "statement");
            while (rows.next()) {
                long calls = rows.getLong(1);
                double total = rows.getDouble(2);
                double all = rows.getDouble(7);
                String query = rows.getString(8);
                out.printf("%,9d %,10.0f %,8.1f %5.1f%% %,10d %,11d %,9.1f  %s%s%n", calls, total,
                        calls == 0 ? 0 : 1000 * total / calls, all == 0 ? 0 : 100 * total / all, rows.getLong(3),
                        rows.getLong(4), rows.getBigDecimal(5).doubleValue() / 1_048_576,
                        rows.getBoolean(6) ? "" : "in ",
                        query.length() > QUERY_TEXT ? query.substring(0, QUERY_TEXT) + "..." : query);
            }
        } catch (SQLException e) {
            throw new IOException("pg_stat_statements could not be read: " + e.getMessage(), e);
        }
    }

    private static Connection connect(DatabaseEndpoint db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
