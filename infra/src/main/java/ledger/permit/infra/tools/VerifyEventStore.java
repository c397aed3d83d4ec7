package ledger.permit.infra.tools;

import ledger.permit.audit.ChainVerifier;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Verifies the hash chain of every holder in the event store and prints a summary, with progress on the
 * way. Exit code 0: intact; 2: findings (each printed with holder and sequence); 1: could not run.
 *
 * <pre>java -jar infra/target/permit-ledger-local-exec.jar verify-event-store \
 *     [--url jdbc:postgresql://localhost:15432/postgres] [--user postgres] [--password ...] [--schema event_store]</pre>
 */
public final class VerifyEventStore {

    private VerifyEventStore() {
    }

    public static int run(String[] args, PrintStream out) {
        String url = option(args, "--url", "jdbc:postgresql://localhost:15432/postgres");
        String user = option(args, "--user", "postgres");
        String password = option(args, "--password", System.getenv().getOrDefault("LEDGER_DB_PASSWORD", ""));
        String schema = option(args, "--schema", "event_store");
        out.println("Verifying the hash chains of " + url + " (schema " + schema + ")");
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            long started = System.nanoTime();
            long[] lastReport = {0};
            ChainVerifier.Result result = new ChainVerifier(schema).verifyAll(connection, progress -> {
                long now = System.nanoTime();
                if (now - lastReport[0] > 1_000_000_000L || progress.holdersDone() == progress.holdersTotal()) {
                    lastReport[0] = now;
                    out.printf("  %,d / %,d holders (%d%%), %,d events, %d finding(s)%n", progress.holdersDone(),
                            progress.holdersTotal(),
                            progress.holdersTotal() == 0 ? 100 : progress.holdersDone() * 100 / progress.holdersTotal(),
                            progress.events(), progress.findings());
                }
            });
            for (ChainVerifier.Finding finding : result.findings()) {
                out.println("  " + finding.kind() + " holder " + finding.holderId() + " event " + finding.sequence()
                        + ": " + finding.detail());
            }
            out.printf("%s: %,d holders, %,d events, %d finding(s) in %.1f s%n",
                    result.intact() ? "INTACT" : "ALTERED", result.holders(), result.events(),
                    result.findings().size(), (System.nanoTime() - started) / 1e9);
            return result.intact() ? 0 : 2;
        } catch (SQLException e) {
            out.println("Could not verify: " + e.getMessage());
            return 1;
        }
    }

    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
