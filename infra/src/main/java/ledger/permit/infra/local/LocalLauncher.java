package ledger.permit.infra.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the whole ledger on this machine with nothing installed but a JDK, records the demo
 * population, prints the URLs, and runs until Ctrl-C, when it stops everything in order.
 */
public final class LocalLauncher {

    private static final Logger log = LoggerFactory.getLogger(LocalLauncher.class);

    private static final java.time.Duration CONSOLE_TOKEN_LIFETIME = java.time.Duration.ofHours(12);

    private LocalLauncher() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("verify-event-store")) {
            System.exit(ledger.permit.infra.tools.VerifyEventStore.run(args, System.out));
        }
        if (args.length > 0 && args[0].equals("token")) {
            System.exit(ledger.permit.infra.tools.IssueToken.run(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("import-insurance-feed")) {
            System.exit(ledger.permit.infra.tools.InsuranceFeedImport.run(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("benchmark")) {
            System.exit(ledger.permit.infra.tools.Benchmark.run(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("compare-queries")) {
            System.exit(ledger.permit.infra.tools.QueryComparison.run(args, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("statistics")) {
            System.exit(ledger.permit.infra.tools.StatisticsConsumer.run(args, System.out));
        }
        // Stop on Ctrl-C or SIGTERM before the JVM's own shutdown begins: the embedded broker's
        // shutdown hook deletes its folder, which must not happen while it is still running.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());

        LocalSettings settings = LocalSettings.fromEnvironment();
        log.info("Starting permit-ledger locally; data in {}", settings.dataDirectory().toAbsolutePath());
        LocalSystem system;
        try {
            system = LocalSystem.start(settings);
        } catch (RuntimeException e) {
            log.error("The local system did not start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        int exitCode = 0;
        try {
            LedgerServices services = system.services();
            if (settings.demoData() && stopRequested.getCount() > 0) {
                List<String> holders = DemoData.record(services.client("demo-data", "local-demo", "REGISTRAR"));
                log.info("Demo data: {} holders recorded", holders.size());
            }
            String consoleToken = services.tokens().issue("console", "local-demo", CONSOLE_TOKEN_LIFETIME,
                    List.of("AGENCY", "AUDITOR", "STATISTICS", "POLICY_ADMIN"));
            System.out.printf("""

                    permit-ledger is running. Ctrl-C stops it.
                      Console      %s/#token=%s
                                   (signed in for 12 hours as an agency, auditor, statistician and policy admin)
                      Query API    %s/api/v1/holders?citizenId=...
                      Command API  %s/api/v1/permit-applications
                      Tokens       java -jar infra/target/permit-ledger-local-exec.jar token --role REGISTRAR
                      Projector    %s/actuator/health
                      Metrics      %s/actuator/prometheus (on each service, with a MONITORING token)
                      Kafka        %s
                      PostgreSQL   %s (user postgres)
                      Data         %s
                      Logs         %s

                    """, services.queryUrl(), consoleToken, services.queryUrl(), services.commandUrl(),
                    services.projectorUrl(), services.commandUrl(),
                    system.kafkaBootstrapServers(), system.database().jdbcUrl(),
                    settings.dataDirectory().toAbsolutePath(), settings.logDirectory().toAbsolutePath());
            stopRequested.await();
        } catch (RuntimeException e) {
            log.error("The local system failed: {}", e.getMessage(), e);
            exitCode = 1;
        } finally {
            system.close();
        }
        log.info("permit-ledger stopped");
        System.exit(exitCode);
    }
}
