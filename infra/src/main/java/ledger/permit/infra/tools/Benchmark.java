package ledger.permit.infra.tools;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerServices;
import ledger.permit.infra.local.LocalSettings;
import ledger.permit.infra.local.LocalSystem;
import ledger.permit.infra.local.PseudonymKey;
import ledger.permit.infra.local.ServiceProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * {@code benchmark}: starts a local system of its own (durable PostgreSQL, fsync on) in a fresh folder,
 * generates a synthetic population across the seed jurisdictions, and measures, printing each figure and the
 * ratio it is judged by:
 * <ol>
 *   <li>command ingest over HTTP (applications and issuances) with 16 concurrent clients: commands/s, p50/p99;
 *       beside raw JDBC single-row commits of the same event rows, and the same commands on a command service
 *       with Axon's stock settings;</li>
 *   <li>the monthly feed through {@code import-insurance-feed}: rows/s, beside PostgreSQL {@code COPY} of the same
 *       rows into a plain table (the limit);</li>
 *   <li>entitlement queries by 32 clients, measured once the service's rate has stopped climbing: queries/s, p50,
 *       p99, p99.9;</li>
 *   <li>freshness: from a command's acceptance to its effect on the query API, p50 and p99;</li>
 *   <li>the projector's rebuild from the earliest offset, beside a plain read of the same topic, and beside Axon's
 *       default pooled processor building the same read model from the event store;</li>
 *   <li>heap in use and resident memory of each service.</li>
 * </ol>
 * Sizes are arguments: {@code --holders 20000} sends that many holders' commands by HTTP; {@code --population
 * 1000000} writes the rest of a larger population in bulk before the feed (see {@code populate}). A small size runs in the tests as a smoke test.
 */
public final class Benchmark {

    private static final String[] JURISDICTIONS =
            {"533102", "533103", "530302", "530902", "430102", "430202", "430302", "530102"};
    private static final int CLIENTS = 16;
    /** The ledger's time zone (its services' {@code ledger.time-zone}): whose today the services judge by. */
    private static final java.time.ZoneId LEDGER_ZONE = java.time.ZoneId.of("Asia/Shanghai");
    /** Rows per request of the monthly feed. */
    private static final int FEED_BATCH = 1_000;
    /** The frames a profile keeps of each sampled stack (JFR's default is 64). */
    private static final int PROFILE_STACK_DEPTH = 256;

    private Benchmark() {
    }

    /** One measured figure: what, how much, in which unit. */
    public record Figure(String name, double value, String unit) {
        @Override
        public String toString() {
            return String.format("%-44s %,14.1f %s", name, value, unit);
        }
    }

    /**
     * What one run measures: {@code holders} holders' commands sent by HTTP, {@code population} holders in all (the
     * others written in bulk before the feed, each with its contributions to the five insurances in the
     * {@code historyMonths} months before the feed's; the feed has a row for every holder and is sent with up to
     * {@code feedInFlight} batches at once), {@code querySeconds} of queries measured after at most
     * {@code queryWarmUpSeconds} of the same load unmeasured; each service started with {@code javaOptions}. Each
     * command service's ingest is measured after at most {@code ingestWarmUpSeconds} of the same commands for other
     * citizens, unmeasured. With
     * {@code statementStatistics}, PostgreSQL counts its statements ({@link StatementStatistics}) and each feed's,
     * the queries' and the rebuild's are written to the data folder's {@code profiles}.
     */
    public record Plan(int holders, int population, int historyMonths, List<String> javaOptions, int querySeconds,
                       int queryWarmUpSeconds, int feedInFlight, boolean statementStatistics,
                       int ingestWarmUpSeconds) {
        public Plan {
            javaOptions = List.copyOf(javaOptions);
            if (querySeconds < 1 || queryWarmUpSeconds < 1 || ingestWarmUpSeconds < 1) {
                throw new IllegalArgumentException(
                        "--query-seconds, --query-warm-up and --ingest-warm-up must be at least 1");
            }
            if (historyMonths < 0 || historyMonths > MAX_HISTORY_MONTHS) {
                throw new IllegalArgumentException("--history-months must be 0 to " + MAX_HISTORY_MONTHS
                        + " (the bulk holders' residence began " + (MAX_HISTORY_MONTHS + 1) + " months before the "
                        + "feed's month)");
            }
        }
    }

    /** The feed's month: the last whole month. */
    private static YearMonth feedMonth() {
        return YearMonth.now(LEDGER_ZONE).minusMonths(1);
    }

    /**
     * The longest history the bulk holders can have: every month from the one after their residence began to the
     * one before the feed's.
     */
    static final int MAX_HISTORY_MONTHS = (int) YearMonth.from(applicationOf(citizens(1).getFirst(), 0)
            .residentSince()).until(feedMonth(), java.time.temporal.ChronoUnit.MONTHS) - 1;

    /** The {@code count} months before the feed's, oldest first. */
    static List<YearMonth> historyMonths(int count) {
        List<YearMonth> months = new ArrayList<>(count);
        YearMonth feed = feedMonth();
        for (int i = count; i >= 1; i--) {
            months.add(feed.minusMonths(i));
        }
        return months;
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        int holders = 20_000;
        int population = -1;
        int historyMonths = 0;
        Path folder = null;
        Path services = Path.of(System.getProperty("ledger.services.dir", "infra/target/services"));
        boolean profile = false;
        int querySeconds = 20;
        int queryWarmUp = 300;
        int ingestWarmUp = 300;
        int feedInFlight = InsuranceFeedImport.DEFAULT_IN_FLIGHT;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--holders" -> holders = Integer.parseInt(args[++i]);
                    case "--population" -> population = Integer.parseInt(args[++i]);
                    case "--history-months" -> historyMonths = Integer.parseInt(args[++i]);
                    case "--data-dir" -> folder = Path.of(args[++i]);
                    case "--services-dir" -> services = Path.of(args[++i]);
                    case "--profile" -> profile = true;
                    case "--query-seconds" -> querySeconds = Integer.parseInt(args[++i]);
                    case "--query-warm-up" -> queryWarmUp = Integer.parseInt(args[++i]);
                    case "--ingest-warm-up" -> ingestWarmUp = Integer.parseInt(args[++i]);
                    case "--feed-in-flight" -> feedInFlight = Integer.parseInt(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (holders < 1 || holders > 2_000_000) {
                throw new IllegalArgumentException("--holders must be 1 to 2,000,000");
            }
            if (population < 0) {
                population = holders;
            } else if (population < holders || population > 2_000_000) {
                throw new IllegalArgumentException("--population must be --holders to 2,000,000");
            }
            if (feedInFlight < 1 || feedInFlight > InsuranceFeedImport.MAX_IN_FLIGHT) {
                throw new IllegalArgumentException("--feed-in-flight must be 1 to " + InsuranceFeedImport.MAX_IN_FLIGHT);
            }
            if (historyMonths > 0 && population == holders) {
                throw new IllegalArgumentException("--history-months needs a --population larger than --holders "
                        + "(the histories are written in bulk)");
            }
            // the plan's own checks, before anything starts (the services' options come once the data folder does)
            new Plan(holders, population, historyMonths, List.of(), querySeconds, queryWarmUp, feedInFlight, profile,
                    ingestWarmUp);
        } catch (RuntimeException e) {
            err.println("benchmark: " + e.getMessage());
            err.println("usage: benchmark [--holders 20000] [--population N] [--history-months 0] [--data-dir DIR] "
                    + "[--services-dir infra/target/services] [--ingest-warm-up 300] [--query-seconds 20] "
                    + "[--query-warm-up 300] "
                    + "[--feed-in-flight " + InsuranceFeedImport.DEFAULT_IN_FLIGHT + "] [--profile]");
            return 64;
        }
        try {
            Path data = folder != null ? folder : Files.createTempDirectory("permit-ledger-benchmark");
            // a service out of heap stops (its heap written to DIR for a look), instead of limping on half-dead
            List<String> javaOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:+HeapDumpOnOutOfMemoryError",
                    "-XX:HeapDumpPath=" + data.toAbsolutePath(), "-XX:+ExitOnOutOfMemoryError"));
            if (profile) {
                // a flight recording of each service (by process id), to see where the time goes; its stacks kept
                // whole (JFR's default of 64 frames cuts most of a request's, whose servlet filters, Spring MVC and
                // Axon nest deeper than that, so the callers near the thread's start would go missing)
                Files.createDirectories(data.resolve("profiles"));
                javaOptions.add("-XX:FlightRecorderOptions=stackdepth=" + PROFILE_STACK_DEPTH);
                javaOptions.add("-XX:StartFlightRecording=settings=profile,filename="
                        + data.resolve("profiles").toAbsolutePath() + "/%p.jfr");
            }
            List<Figure> figures = measure(data, services, new Plan(holders, population, historyMonths, javaOptions,
                    querySeconds, queryWarmUp, feedInFlight, profile, ingestWarmUp), out);
            out.println();
            out.printf("permit-ledger benchmark, %,d holders (%,d of them by HTTP%s), %d cores (%s), %s%n",
                    population, holders, historyMonths == 0 ? "" : String.format(", the others with %d months of "
                            + "contributions to five insurances", historyMonths),
                    Runtime.getRuntime().availableProcessors(), CpuShares.processor(),
                    System.getProperty("java.version"));
            figures.forEach(out::println);
            return 0;
        } catch (IOException e) {
            err.println("benchmark: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Starts a system in {@code data} with the services' jars in {@code services}, measures what {@code plan} says,
     * stops it; returns the figures in the order measured. The holders beyond the plan's HTTP holders are written in
     * bulk ({@link #populate}).
     */
    public static List<Figure> measure(Path data, Path services, Plan plan, PrintStream out) throws IOException {
        LocalSettings settings = new LocalSettings(data, freePort(), freePort(),
                new LedgerServices.Ports(freePort(), freePort(), freePort()), services, plan.javaOptions(), false);
        List<Figure> figures = new ArrayList<>();
        try (LocalSystem system = LocalSystem.start(settings,
                plan.statementStatistics() ? StatementStatistics.SERVER_SETTINGS : Map.of())) {
            // a benchmark stopped by a signal stops its services and database too, rather than leave them running
            Thread stopOnSignal = new Thread(system::close, "benchmark-stop");
            Runtime.getRuntime().addShutdownHook(stopOnSignal);
            try {
                figures.addAll(measure(settings, system, services, plan, out));
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(stopOnSignal);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
        return figures;
    }

    private static List<Figure> measure(LocalSettings settings, LocalSystem system, Path services, Plan plan,
                                        PrintStream out) throws IOException {
        int holders = plan.holders();
        int population = plan.population();
        int querySeconds = plan.querySeconds();
        int feedInFlight = plan.feedInFlight();
        List<Figure> figures = new ArrayList<>();
        LedgerClient registrar = system.services().client("benchmark", "benchmark", "REGISTRAR");
        List<CitizenId> citizens = citizens(holders);
        CpuShares cpu = cpuShares(settings, system);
        Statements statements = new Statements(plan.statementStatistics()
                ? StatementStatistics.enable(system.database()) : null, settings.dataDirectory().resolve("profiles"));

        out.printf("1. command ingest: %,d applications and %,d issuances, %d clients, after the same commands for "
                + "other citizens unmeasured until the service's rate stops climbing (at most %d s)%n", holders,
                holders, CLIENTS, plan.ingestWarmUpSeconds());
        figures.add(new Figure("load before the ingest was measured",
                warmUpIngest(registrar, WARM_UP_BORN, plan.ingestWarmUpSeconds(), cpu, out).seconds(), "s"));
        long[] latencies = new long[holders * 2];
        String[] holderIds = new String[holders];
        long started = System.nanoTime();
        ingest(registrar, citizens, latencies, holderIds, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        figures.add(new Figure("command ingest", latencies.length / seconds, "commands/s"));
        figures.add(new Figure("command ingest p50", percentile(latencies, 0.50) / 1e6, "ms"));
        figures.add(new Figure("command ingest p99", percentile(latencies, 0.99) / 1e6, "ms"));
        out.printf("   the same number of event rows as raw JDBC single-row commits, %d clients%n", CLIENTS);
        Timed raw = rawCommits(system.database(), latencies.length);
        double rawRate = raw.latencies().length / raw.seconds();
        figures.add(new Figure("raw JDBC single-row commits", rawRate, "rows/s"));
        figures.add(new Figure("raw JDBC commit p50", percentile(raw.latencies(), 0.50) / 1e6, "ms"));
        figures.add(new Figure("raw JDBC commit p99", percentile(raw.latencies(), 0.99) / 1e6, "ms"));
        figures.add(new Figure("command ingest / raw commits (target >= 30%)",
                100 * (latencies.length / seconds) / rawRate, "%"));
        out.println("   the command path alone, the projector stopped: the same commands for other citizens on this "
                + "command service, then on one with Axon's stock settings");
        system.services().stopProjector();
        List<CitizenId> others = citizens(holders, LocalDate.of(1985, 1, 1));
        double ownRate = ingestRate(system.services().client("benchmark", "benchmark", "REGISTRAR"), others, out);
        double stockRate = stockIngest(system, citizens, plan.ingestWarmUpSeconds(), out);
        if (population > holders) {
            List<CitizenId> everyone = citizens(population);
            String[] populated = populate(settings, system, services, everyone, holders,
                    historyMonths(plan.historyMonths()), out);
            System.arraycopy(holderIds, 0, populated, 0, holders);
            holderIds = populated;
            citizens = everyone;
        }
        long projectorStarted = System.nanoTime();
        system.services().restartProjector();
        figures.add(new Figure("command path alone: this configuration", ownRate, "commands/s"));
        figures.add(new Figure("command path alone: stock Axon", stockRate, "commands/s"));
        figures.add(new Figure("this configuration / stock Axon (target >= 3x)", ownRate / stockRate, "x"));
        if (population > holders) {
            // as a city's existing records would be: on the public topics before the month's feed
            out.println("   the holders written in bulk: waiting until the projector has published them");
            figures.add(new Figure("holders written in bulk published after",
                    awaitBulkPublished(system.database(), holderIds[population - 1], projectorStarted, out), "s"));
            figures.add(new Figure("their public messages sent after that", awaitPublished(system.database(), out),
                    "s"));
        }

        YearMonth month = feedMonth();
        out.printf("2. monthly feed: %,d rows for %s, batches of %,d, %d in flight%n", population, month, FEED_BATCH,
                feedInFlight);
        Path feed = settings.dataDirectory().resolve("feed-" + month + ".csv");
        statements.from();
        double feedRate = feed(feed, citizens, month, InsuranceScheme.PENSION, registrar, feedInFlight,
                "the feed", cpu, out);
        statements.to("feed", "the first feed", out);
        double copyRate = copyRate(system.database(), feed, population);
        figures.add(new Figure("monthly feed", feedRate, "rows/s"));
        figures.add(new Figure("PostgreSQL COPY of the same rows", copyRate, "rows/s"));
        figures.add(new Figure("monthly feed / COPY (target >= 40%)", 100 * feedRate / copyRate, "%"));
        figures.add(new Figure("1,000,000-row feed at this rate (target < 60 s)", 1_000_000 / feedRate, "s"));
        if (plan.historyMonths() > 0) {
            // the first feed after the bulk load read each holder's whole history and took the snapshots it was due;
            // the next rows find them, as a city's feed does every month after its first
            out.printf("   the same month's %s rows: each holder's stream as the first feed left it%n",
                    InsuranceScheme.MEDICAL);
            statements.from();
            double nextRate = feed(settings.dataDirectory().resolve("feed-" + month + "-medical.csv"), citizens,
                    month, InsuranceScheme.MEDICAL, registrar, feedInFlight, "the next feed", cpu, out);
            statements.to("next-feed", "the next feed", out);
            figures.add(new Figure("the next feed, after the first", nextRate, "rows/s"));
            figures.add(new Figure("1,000,000 rows of it at this rate", 1_000_000 / nextRate, "s"));
        }

        out.println("3. entitlement queries: waiting until the read model holds every holder");
        CatchUp catchUp = awaitProjected(system, out);
        figures.add(new Figure("read model behind when the feed ended", catchUp.behind(), "events"));
        figures.add(new Figure("read model caught up after", catchUp.seconds(), "s"));
        // the queries are measured on a quiet system: not while the relay still sends what the catch-up decided
        figures.add(new Figure("public topics sent after that", awaitPublished(system.database(), out), "s"));
        LedgerClient agency = system.services().client("benchmark-agency", "benchmark", "AGENCY")
                .withHeader("X-Purpose", "benchmark");
        out.printf("   %d clients: the same load unmeasured until the service's rate stops climbing (at most %d s), "
                + "then %d s measured%n", QUERY_CLIENTS, plan.queryWarmUpSeconds(), querySeconds);
        statements.from();
        QueryLoad load = queries(agency, holderIds, plan.queryWarmUpSeconds(), querySeconds, cpu, out);
        statements.to("queries", "the queries, warm-up and measured", out);
        long[] queries = load.latencies();
        figures.add(new Figure("queries in the first seconds of load (unmeasured)", load.firstRate(), "queries/s"));
        figures.add(new Figure("load before the queries were measured", load.warmUpSeconds(), "s"));
        figures.add(new Figure("queries (32 clients)", queries.length / (double) querySeconds, "queries/s"));
        figures.add(new Figure("query p50", percentile(queries, 0.50) / 1e6, "ms"));
        figures.add(new Figure("query p99 (target <= 5 ms)", percentile(queries, 0.99) / 1e6, "ms"));
        figures.add(new Figure("query p99.9", percentile(queries, 0.999) / 1e6, "ms"));

        int samples = Math.min(100, Math.max(10, holders / 10));
        out.printf("4. freshness: a new application until the query API finds it, %d times%n", samples);
        long[] freshness = freshness(registrar, agency, population, samples);
        figures.add(new Figure("freshness p50", percentile(freshness, 0.50) / 1e6, "ms"));
        figures.add(new Figure("freshness p99 (target < 1 s)", percentile(freshness, 0.99) / 1e6, "ms"));

        out.println("5. projection rebuild from the earliest offset, beside a plain read of the same topic");
        statements.from();
        Replayed rebuild = rebuild(settings, system, services);
        statements.to("rebuild", "the rebuild", out);
        double readRate = rawReadRate(system.kafkaBootstrapServers());
        figures.add(new Figure("rebuild (target >= 50,000)", rebuild.rate(), "events/s"));
        figures.add(new Figure("plain read of the internal topic", readRate, "events/s"));
        figures.add(new Figure("rebuild / plain read", 100 * rebuild.rate() / readRate, "%"));
        out.printf("   the same read model built by Axon's default pooled processor from the event store (at most %d "
                + "min)%n", AXON_REPLAY_LIMIT.toMinutes());
        Replayed axon = axonReplay(settings, system, services);
        figures.add(new Figure("Axon default pooled replay", axon.rate(), "events/s"));
        figures.add(new Figure("rebuild / Axon pooled replay (target >= 3x)", rebuild.rate() / axon.rate(), "x"));

        LedgerClient monitoring = system.services().client("benchmark", null, "MONITORING");
        for (var service : system.services().processes()) {
            figures.add(new Figure(service.name() + " heap used", heapBytes(monitoring, service.baseUrl())
                    / 1_048_576.0, "MiB"));
            figures.add(new Figure(service.name() + " resident (RSS)", rssBytes(service.pid()) / 1_048_576.0,
                    "MiB"));
        }
        return figures;
    }

    private static final int QUERY_CLIENTS = 32;

    /** How many events the read model was behind, and how many seconds it took to hold them all. */
    private record CatchUp(long behind, double seconds) {
    }

    /**
     * Until the read model holds every event of the store, saying how far it got every 5 s. How far it is behind
     * is read, as an operator reads it, from the health of the command service (events stored but not yet
     * forwarded) and of the projector (the consumer group's lag): counting the fact log and the event store, some
     * 3,000,000 rows each at 1,000,000 holders, took seconds a reading and slowed the catch-up it timed. They are
     * counted when that says nothing is left, and are then compared.
     */
    private static CatchUp awaitProjected(LocalSystem system, PrintStream out) {
        long started = System.nanoTime();
        LedgerClient health = new LedgerClient(system.services().commandUrl(), system.services().queryUrl());
        String command = system.services().commandUrl() + "/actuator/health";
        String projector = system.services().projectorUrl() + "/actuator/health";
        long behind = -1;
        long unknownSince = -1;
        Watch watch = new Watch("the read model applied nothing", Duration.ofMinutes(5));
        while (true) {
            LedgerClient.Response forwarding = health.getFrom(command);
            LedgerClient.Response projecting = health.getFrom(projector);
            long notForwarded = detail(forwarding, "forwarding", "eventsNotYetForwarded");
            long lag = detail(projecting, "projector", "lag");
            if (notForwarded < 0 || lag < 0) {
                // a health can lack its figure for a moment: Kafka slow to answer the service's admin client
                long now = System.nanoTime();
                if (unknownSince < 0) {
                    unknownSince = now;
                } else if (now - unknownSince > Duration.ofMinutes(5).toNanos()) {
                    throw new IllegalStateException("for 5 minutes the services' health has not said how far the "
                            + "read model is behind: " + forwarding.body() + " " + projecting.body());
                }
            } else {
                unknownSince = -1;
                long left = notForwarded + lag;
                if (behind < 0) {
                    behind = left;
                }
                if (left == 0) {
                    break;
                }
                if (watch.observe(behind - left, behind)) {
                    out.printf("   %,d events still to forward or project%n", left);
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        long[] counted = {-1};
        pollUntil(system.database(), "the read model", "SELECT (SELECT count(*) FROM read_model.holder_event), "
                + "(SELECT count(*) FROM event_store.domainevententry)", row -> {
            long projected = row.getLong(1);
            long stored = row.getLong(2);
            if (projected >= stored) {
                return projected;
            }
            if (counted[0] != projected) {
                counted[0] = projected;
                out.printf("   the read model holds %,d of %,d events%n", projected, stored);
            }
            return null;
        });
        return new CatchUp(behind, (System.nanoTime() - started) / 1e9);
    }

    /** A number in a service's health (a component's detail), or -1 if the health has none there. */
    private static long detail(LedgerClient.Response health, String component, String name) {
        JsonNode value = health.body().path("components").path(component).path("details").path(name);
        return value.isIntegralNumber() && value.asLong() >= 0 ? value.asLong() : -1;
    }

    /**
     * Until the projector's outbox is empty (it holds only unsent messages): the seconds it took. What is left is read
     * from the two ends of the outbox's key index: its last key less its first. Counting its rows took over a second
     * a reading with millions of them, on two of PostgreSQL's parallel workers, and slowed the relay it waited for.
     */
    private static double awaitPublished(DatabaseEndpoint db, PrintStream out) {
        long started = System.nanoTime();
        long[] sentAndLast = {0, -1};
        Watch watch = new Watch("the outbox relay sent nothing", Duration.ofMinutes(5));
        return pollUntil(db, "the outbox", "SELECT coalesce(max(id) - min(id) + 1, 0) FROM publication.outbox",
                row -> {
                    long unsent = row.getLong(1);
                    if (unsent == 0) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                    sentAndLast[0] += sentAndLast[1] < 0 ? 0 : Math.max(0, sentAndLast[1] - unsent);
                    sentAndLast[1] = unsent;
                    if (watch.observe(sentAndLast[0], sentAndLast[0] + unsent)) {
                        out.printf("   about %,d public messages still to send%n", unsent);
                    }
                    return null;
                });
    }

    /**
     * Waits until the projector has published the holders written in bulk, which it has never applied an event of:
     * when it starts, its time-driven checks make each of them due today and then judge them, publishing their
     * facts and statuses. Returns the seconds since {@code started}.
     */
    private static double awaitBulkPublished(DatabaseEndpoint db, String lastBulkHolder, long started,
                                             PrintStream out) {
        LocalDate today = LocalDate.now(LEDGER_ZONE);
        Watch watch = new Watch("the projector decided no public message", Duration.ofMinutes(5));
        // whether the bulk holders are scheduled (all of them are, in one statement, or none), whether any is still
        // due (each read from the start of an index), and how many messages have been decided (the outbox's last key)
        return pollUntil(db, "the publication", "SELECT EXISTS (SELECT 1 FROM publication.holder_publication "
                + "WHERE holder_id = '" + UUID.fromString(lastBulkHolder) + "'), EXISTS (SELECT 1 FROM "
                + "publication.holder_publication WHERE next_check_on <= DATE '" + today + "'), "
                + "coalesce(pg_sequence_last_value('publication.outbox_id_seq'), 0)", row -> {
                    if (row.getBoolean(1) && !row.getBoolean(2)) {
                        return (System.nanoTime() - started) / 1e9;
                    }
                    if (watch.observe(row.getLong(3), row.getLong(3))) {
                        out.printf("   %,d public messages decided so far%n", row.getLong(3));
                    }
                    return null;
                });
    }

    /** What one reading of a polled query decides: a result, or {@code null} to read again. */
    @FunctionalInterface
    private interface Reading<T> {
        T of(java.sql.ResultSet row) throws SQLException;
    }

    /** Runs {@code query} (one row) every 250 ms on one connection until {@code reading} gives a result. */
    private static <T> T pollUntil(DatabaseEndpoint db, String what, String query, Reading<T> reading) {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            while (true) {
                try (var rows = connection.createStatement().executeQuery(query)) {
                    rows.next();
                    T result = reading.of(rows);
                    if (result != null) {
                        return result;
                    }
                }
                Thread.sleep(250);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * What the query load measured: every latency of its measured seconds, sorted; the rate of its first window
     * (the service not yet compiled to its steady state); how long the load ran before it was measured.
     */
    record QueryLoad(long[] latencies, double firstRate, double warmUpSeconds) {
    }

    /** A window of the warm-up: its rate is compared with the window's before. */
    private static final int WARM_UP_WINDOW_SECONDS = 10;
    /** A window is steady when its rate is at most this much above the rate of the window before. */
    private static final double STEADY = 1.05;
    /**
     * The warm-up ends after this many steady windows in a row: one alone can be a pause in a climb that goes on (seen
     * on a slow machine: 701, 980, 1,011 queries a second, then 1,406 measured).
     */
    private static final int STEADY_WINDOWS = 2;

    /**
     * A window is not steady while the system's JIT compilers take more than this share of the machine: on two cores
     * shared with the load, a service's compiler thread gets a small part of a core, and its rate can stand still for
     * a window or two and then climb again for minutes (seen: 325, 323, 337 queries a second, then 745 four rounds
     * later).
     */
    static final double MAX_COMPILING = 0.05;

    /**
     * Judges the warm-up's windows one after another: over after {@link #STEADY_WINDOWS} steady windows in a row, a
     * window being steady when its rate is at most 5 % above the one before and, where it is known, the JIT compilers
     * took at most {@link #MAX_COMPILING} of the machine in it.
     */
    static final class WarmUp {
        private double previousRate = -1;
        private int steadyWindows;

        /**
         * Takes the next window's rate and the JIT compilers' share of the machine in it (NaN where not known);
         * whether the warm-up is over with it.
         */
        boolean over(double rate, double compiling) {
            boolean steady = previousRate > 0 && rate <= previousRate * STEADY
                    && (Double.isNaN(compiling) || compiling <= MAX_COMPILING);
            steadyWindows = steady ? steadyWindows + 1 : 0;
            previousRate = rate;
            return steadyWindows >= STEADY_WINDOWS;
        }
    }

    /** What a warm-up did: the rate of its first window, and how long it ran. */
    record Warmed(double firstRate, double seconds) {
    }

    /**
     * Counts what a load has {@code done} in windows of 10 s (fewer for a shorter warm-up), printing each window's
     * rate and the share of the machine the JIT compilers of {@code cpu}'s JVMs took in it, until the {@link WarmUp}
     * is over, {@code maxSeconds} have passed, or {@code stopped} says the load has ended.
     */
    static Warmed warmUp(LongAdder done, String what, int maxSeconds, CpuShares cpu, BooleanSupplier stopped,
                         PrintStream out) throws InterruptedException {
        long started = System.nanoTime();
        long windowNanos = TimeUnit.SECONDS.toNanos(Math.min(WARM_UP_WINDOW_SECONDS, maxSeconds));
        long maxNanos = TimeUnit.SECONDS.toNanos(maxSeconds);
        double firstRate = -1;
        WarmUp warmUp = new WarmUp();
        done.reset();
        long windowStart = started;
        // each window's end is the next one's start, so each sample of the processes' threads serves two windows
        CpuShares.Sample windowCpu = cpu.sample();
        while (!stopped.getAsBoolean()) {
            Thread.sleep(Duration.ofNanos(windowNanos));
            long now = System.nanoTime();
            double rate = done.sumThenReset() / ((now - windowStart) / 1e9);
            CpuShares.Sample windowEnd = cpu.sample();
            double compiling = CpuShares.compiling(windowCpu, windowEnd);
            windowStart = now;
            windowCpu = windowEnd;
            out.printf("   unmeasured, %3d s: %,.0f %s%n", (now - started) / 1_000_000_000L, rate, what
                    + (Double.isNaN(compiling) ? "" : String.format(", JIT compilers %.0f %% of the machine",
                    100 * compiling)));
            if (firstRate < 0) {
                firstRate = rate;
            }
            if (warmUp.over(rate, compiling) || now - started + windowNanos > maxNanos) {
                break;
            }
        }
        return new Warmed(firstRate, (System.nanoTime() - started) / 1e9);
    }

    /**
     * 32 clients asking for a random holder's entitlements: unmeasured, by {@link #warmUp} (until the rate is steady
     * and the JIT compilers have done the service's hot code, which on two shared cores takes minutes, not seconds)
     * for at most {@code maxWarmUpSeconds}; then {@code seconds} measured.
     */
    private static QueryLoad queries(LedgerClient agency, String[] holderIds, int maxWarmUpSeconds, int seconds,
                                     CpuShares cpu, PrintStream out) {
        ExecutorService pool = Executors.newFixedThreadPool(QUERY_CLIENTS);
        LongAdder answered = new LongAdder();
        AtomicLong measured = new AtomicLong(Long.MAX_VALUE);
        AtomicLong end = new AtomicLong(Long.MAX_VALUE);
        try {
            List<Future<long[]>> clients = new ArrayList<>();
            for (int c = 0; c < QUERY_CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    var random = ThreadLocalRandom.current();
                    long[] mine = new long[1024];
                    int n = 0;
                    while (System.nanoTime() < end.get()) {
                        String holder = holderIds[random.nextInt(holderIds.length)];
                        long t0 = System.nanoTime();
                        // the answer read, not parsed: the clients share the two cores with the service
                        agency.getExpecting("/api/v1/holders/" + holder + "/entitlements", 200);
                        answered.increment();
                        if (t0 < measured.get()) {
                            continue;
                        }
                        if (n == mine.length) {
                            mine = Arrays.copyOf(mine, n * 2);
                        }
                        mine[n++] = System.nanoTime() - t0;
                    }
                    return Arrays.copyOf(mine, n);
                }));
            }
            Warmed warmed = warmUp(answered, "queries/s", maxWarmUpSeconds, cpu,
                    () -> clients.stream().anyMatch(Future::isDone), out);
            CpuShares.Sample cpuBefore = cpu.sample();
            long measuredFrom = System.nanoTime();
            measured.set(measuredFrom);
            end.set(measuredFrom + TimeUnit.SECONDS.toNanos(seconds));
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> client : clients) {
                all.add(client.get());
            }
            printCpu("the measured queries", cpuBefore, cpu, out);
            long[] latencies = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            if (latencies.length == 0) {
                throw new IllegalStateException("no query was answered");
            }
            return new QueryLoad(latencies, warmed.firstRate(), warmed.seconds());
        } catch (Exception e) {
            end.set(0);
            throw new IllegalStateException("the queries failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
    }

    /** From a new application's 201 until the query API finds the citizen: {@code samples} times, sorted. */
    private static long[] freshness(LedgerClient registrar, LedgerClient agency, int offset, int samples) {
        List<CitizenId> fresh = citizens(offset + samples).subList(offset, offset + samples);
        long[] took = new long[fresh.size()];
        for (int i = 0; i < fresh.size(); i++) {
            CitizenId citizen = fresh.get(i);
            expect(registrar.post("/api/v1/permit-applications", application(applicationOf(citizen, i))), 201);
            long accepted = System.nanoTime();
            long deadline = accepted + TimeUnit.SECONDS.toNanos(60);
            while (agency.get("/api/v1/holders?citizenId=" + citizen.value()).status() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("a new holder did not reach the query API in 60 s");
                }
                Thread.onSpinWait();
            }
            took[i] = System.nanoTime() - accepted;
        }
        Arrays.sort(took);
        return took;
    }

    /**
     * The bulk population, while the projector is stopped: the holders of {@code everyone} from {@code from} on
     * written straight into the event store ({@link PopulationLoader}), forwarded to the internal topic by the
     * command service as any event, then the read model rebuilt from the earliest offset by the projector's
     * {@code rebuild}, and the projector's consumer group moved to the end of the topic, so that it goes on from
     * the rebuilt model instead of applying each of those events a second time. The public topics carry a loaded
     * holder's facts from its next event on (the projector then publishes every fact the topics lack).
     *
     * @return each holder's id, {@code null} for those before {@code from}
     */
    private static String[] populate(LocalSettings settings, LocalSystem system, Path services,
                                     List<CitizenId> everyone, int from, List<YearMonth> insuredMonths,
                                     PrintStream out) throws IOException {
        out.printf("   population: %,d more holders written straight into the event store%s, the read model "
                + "rebuilt%n", everyone.size() - from, insuredMonths.isEmpty() ? "" : String.format(
                        ", each with five insurances' contributions in %s to %s", insuredMonths.getFirst(),
                        insuredMonths.getLast()));
        List<PopulationLoader.Application> applications = new ArrayList<>(everyone.size() - from);
        for (int i = from; i < everyone.size(); i++) {
            applications.add(applicationOf(everyone.get(i), i));
        }
        long started = System.nanoTime();
        String[] loaded = PopulationLoader.load(system.database(), applications, insuredMonths,
                "benchmark-population", out);
        String[] holderIds = new String[everyone.size()];
        System.arraycopy(loaded, 0, holderIds, from, loaded.length);
        try (Admin kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.kafkaBootstrapServers()))) {
            awaitForwarded(kafka, system.database(), out);
            Replayed rebuilt = rebuild(settings, system, services);
            out.printf("   population ready in %.0f s (the rebuild: %,d events in %.0f s)%n",
                    (System.nanoTime() - started) / 1e9, rebuilt.events(), rebuilt.seconds());
            Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
            endOffsets(kafka).forEach((partition, end) -> ends.put(partition, new OffsetAndMetadata(end)));
            kafka.alterConsumerGroupOffsets(PROJECTOR_GROUP, ends).all().get(1, TimeUnit.MINUTES);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return holderIds;
    }

    private static final String HOLDER_EVENTS = "permit-ledger.holder-events";
    private static final String PROJECTOR_GROUP = "entitlement-projector";

    /** Until the internal topic holds as many events as the event store (the forwarder sends each at least once). */
    private static void awaitForwarded(Admin kafka, DatabaseEndpoint db, PrintStream out)
            throws ExecutionException, InterruptedException, TimeoutException {
        long stored;
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT count(*) FROM event_store.domainevententry")) {
            rows.next();
            stored = rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("the event store could not be read: " + e.getMessage(), e);
        }
        long started = System.nanoTime();
        Watch watch = new Watch("the forwarder sent nothing", Duration.ofMinutes(2));
        while (true) {
            long forwarded = endOffsets(kafka).values().stream().mapToLong(Long::longValue).sum();
            if (forwarded >= stored) {
                return;
            }
            if (watch.observe(forwarded, stored)) {
                out.printf("   %,d of %,d events forwarded, %,.0f events/s%n", forwarded, stored,
                        forwarded / ((System.nanoTime() - started) / 1e9));
            }
            Thread.sleep(500);
        }
    }

    /** Watches a count of events that should keep growing towards a total: a progress line every 5 s, a stall fails. */
    private static final class Watch {
        private final String stalled;
        private final Duration limit;
        private long last = -1;
        private long movedAt = System.nanoTime();
        private long saidAt = movedAt;

        Watch(String stalled, Duration limit) {
            this.stalled = stalled;
            this.limit = limit;
        }

        /** Fails if {@code count} has not moved for the limit; true when a progress line is due. */
        boolean observe(long count, long of) {
            long now = System.nanoTime();
            if (count != last) {
                last = count;
                movedAt = now;
            } else if (now - movedAt > limit.toNanos()) {
                throw new IllegalStateException(stalled + " for " + limit.toMinutes() + " minutes, at " + count
                        + " of " + of + " events");
            }
            if (now - saidAt >= 5_000_000_000L) {
                saidAt = now;
                return true;
            }
            return false;
        }
    }

    private static Map<TopicPartition, Long> endOffsets(Admin kafka)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        kafka.describeTopics(List.of(HOLDER_EVENTS)).allTopicNames().get(1, TimeUnit.MINUTES).get(HOLDER_EVENTS)
                .partitions().forEach(p -> latest.put(new TopicPartition(HOLDER_EVENTS, p.partition()),
                        OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        kafka.listOffsets(latest).all().get(1, TimeUnit.MINUTES).forEach((p, info) -> ends.put(p, info.offset()));
        return ends;
    }

    /** What a projector one-off command reported: events, seconds. */
    private record Replayed(long events, double seconds) {
        double rate() {
            return events / seconds;
        }
    }

    /**
     * Runs the projector's {@code rebuild} against the system, as an operator would, and reads its own figures.
     */
    private static Replayed rebuild(LocalSettings settings, LocalSystem system, Path services) throws IOException {
        String output = projectorCommand(settings, system, services, "rebuild");
        var matcher = java.util.regex.Pattern.compile("Rebuilt \\S+: (\\d+) events read, .* in ([0-9.]+) s")
                .matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("the rebuild printed no figures: " + tail(output));
        }
        return new Replayed(Long.parseLong(matcher.group(1)), Math.max(0.001, Double.parseDouble(matcher.group(2))));
    }

    /** How long Axon's replay may run: at a million holders it would take most of an hour to finish. */
    private static final Duration AXON_REPLAY_LIMIT = Duration.ofMinutes(3);

    /**
     * Runs the projector's {@code axon-replay}: the same read model built by Axon's default pooled processor from
     * the event store, into a scratch schema, for at most {@link #AXON_REPLAY_LIMIT}. If it finished, it must have
     * built as many holders and fact rows as the live read model holds, or the comparison would be of other work.
     */
    private static Replayed axonReplay(LocalSettings settings, LocalSystem system, Path services) throws IOException {
        String output = projectorCommand(settings, system, services, "axon-replay",
                "--ledger.axon-replay.time-limit=" + AXON_REPLAY_LIMIT.toSeconds() + "s");
        var matcher = java.util.regex.Pattern.compile("Axon pooled replay: (\\d+) events in ([0-9.]+) s \\((\\d+) "
                + "stored, ([a-z ]+)\\); (\\d+) holders and (\\d+) fact rows built, the live read model has (\\d+) and "
                + "(\\d+)").matcher(output);
        if (!matcher.find()) {
            throw new IllegalStateException("the Axon replay printed no figures: " + tail(output));
        }
        boolean complete = matcher.group(4).equals("complete");
        if (complete && (!matcher.group(5).equals(matcher.group(7)) || !matcher.group(6).equals(matcher.group(8)))) {
            throw new IllegalStateException("the Axon replay built another read model: " + matcher.group());
        }
        return new Replayed(Long.parseLong(matcher.group(1)), Math.max(0.001, Double.parseDouble(matcher.group(2))));
    }

    /** Runs {@code entitlement-projector-exec.jar COMMAND} against the system with the services' JVM options: its output. */
    private static String projectorCommand(LocalSettings settings, LocalSystem system, Path services, String name,
                                           String... options) throws IOException {
        DatabaseEndpoint db = system.database();
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        line.addAll(settings.javaOptions());
        line.addAll(List.of("-jar", services.resolve("entitlement-projector-exec.jar").toAbsolutePath().toString(),
                name, "--spring.datasource.url=" + db.urlFor("read_model"),
                "--spring.datasource.username=" + db.username(), "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + system.kafkaBootstrapServers(),
                "--ledger.policy-bindings.seed003-central-city=" + LedgerServices.DEMO_SEED003_REGION,
                "--ledger.policy-central-cities.seed003-central-city=" + LedgerServices.DEMO_SEED003_CENTRAL_CITY));
        line.addAll(List.of(options));
        ProcessBuilder command = new ProcessBuilder(line).redirectErrorStream(true);
        command.environment().put("LEDGER_PSEUDONYM_KEY", PseudonymKey.loadOrCreate(settings.pseudonymKeyFile()));
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(settings.logDirectory().resolve("entitlement-projector-" + name + ".log"),
                output, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the projector's " + name + " failed: " + tail(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        return output;
    }

    private static String tail(String output) {
        return output.substring(Math.max(0, output.length() - 2_000));
    }

    /** Every message of the internal topic read by a plain consumer, nothing done with it: events/s. */
    private static double rawReadRate(String bootstrap) {
        AtomicInteger read = new AtomicInteger();
        long started = System.nanoTime();
        StatisticsConsumer.readToEnd(bootstrap, HOLDER_EVENTS, record -> read.incrementAndGet());
        return read.get() / Math.max(0.001, (System.nanoTime() - started) / 1e9);
    }

    /** The heap in use, as the service's own metrics say (jvm_memory_used_bytes, area heap). */
    private static double heapBytes(LedgerClient monitoring, String baseUrl) {
        LedgerClient.Response metrics = monitoring.getFrom(baseUrl + "/actuator/prometheus");
        expect(metrics, 200);
        double sum = 0;
        for (String line : metrics.body().asText().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The resident set of a process, from /proc (Linux). */
    private static double rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // not Linux: reported as 0
        }
        return 0;
    }

    /** Applications then issuances, 16 clients side by side; each command's latency into {@code latencies}. */
    private static void ingest(LedgerClient client, List<CitizenId> citizens, long[] latencies, String[] holderIds,
                               PrintStream out) {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        var progress = Executors.newSingleThreadScheduledExecutor();
        progress.scheduleAtFixedRate(() -> {
            int done = Math.min(next.get(), citizens.size());
            out.printf("   %,d of %,d holders, %,.0f commands/s%n", done, citizens.size(),
                    2 * done / ((System.nanoTime() - started) / 1e9));
        }, 5, 5, TimeUnit.SECONDS);
        try {
            inParallel(CLIENTS, "command ingest", () -> {
                for (int i = next.getAndIncrement(); i < citizens.size(); i = next.getAndIncrement()) {
                    Recorded recorded = applyAndIssue(client, citizens.get(i), i);
                    holderIds[i] = recorded.holderId();
                    latencies[2 * i] = recorded.applied();
                    latencies[2 * i + 1] = recorded.issued();
                }
                return null;
            });
        } finally {
            progress.shutdownNow();
        }
    }

    /** A holder's two commands: its holder ID, and each command's latency in nanoseconds. */
    private record Recorded(String holderId, long applied, long issued) {
    }

    /** The {@code i}th citizen's application, then the permit's issuance. */
    private static Recorded applyAndIssue(LedgerClient client, CitizenId citizen, int i) {
        PopulationLoader.Application application = applicationOf(citizen, i);
        long t0 = System.nanoTime();
        LedgerClient.Response applied = client.post("/api/v1/permit-applications", application(application));
        long t1 = System.nanoTime();
        expect(applied, 201);
        String holderId = applied.body().path("holderId").asText();
        LedgerClient.Response issued = client.post("/api/v1/holders/" + holderId + "/issuance",
                Map.of("issuedOn", application.issuedOn().toString()));
        long t2 = System.nanoTime();
        expect(issued, 200);
        return new Recorded(holderId, t1 - t0, t2 - t1);
    }

    /**
     * Where the ingest's warm-ups take their citizens: born from this day on, 1,000 a day, apart from the benchmark's
     * others (its population from 1960, the command path's from 1985, each at most 2,000,000: 5 1/2 years).
     */
    private static final LocalDate WARM_UP_BORN = LocalDate.of(1995, 1, 1);
    /** Enough citizens for a warm-up at 1,000 commands a second. */
    private static final int WARM_UP_HOLDERS_A_SECOND = 500;

    /**
     * Applications and issuances of citizens born from {@code born} on, 16 clients side by side, unmeasured: the JIT
     * compiler's warm-up of a command service (on two shared cores it takes minutes), by {@link #warmUp} with the
     * compilers of {@code cpu}'s JVMs.
     */
    private static Warmed warmUpIngest(LedgerClient client, LocalDate born, int maxSeconds, CpuShares cpu,
                                       PrintStream out) {
        List<CitizenId> citizens = citizens(maxSeconds * WARM_UP_HOLDERS_A_SECOND, born);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder commands = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Void>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < citizens.size() && !stop.get();
                         i = next.getAndIncrement()) {
                        applyAndIssue(client, citizens.get(i), i);
                        commands.add(2);
                    }
                    return null;
                }));
            }
            Warmed warmed = warmUp(commands, "commands/s", maxSeconds, cpu,
                    () -> clients.stream().anyMatch(Future::isDone), out);
            stop.set(true);
            for (Future<Void> c : clients) {
                c.get();
            }
            return warmed;
        } catch (Exception e) {
            stop.set(true);
            throw new IllegalStateException("the ingest's warm-up failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code clients} threads, each running {@code client} to its end; the first failure, named by {@code what}. */
    private static void inParallel(int clients, String what, java.util.concurrent.Callable<Void> client) {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Void>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                work.add(pool.submit(client));
            }
            for (Future<Void> f : work) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        } finally {
            pool.shutdown();
        }
    }

    /**
     * The ingest's commands sent to one more command service on the same database and broker, configured as Axon
     * comes: its default (tracking) event processor and its default metrics, no setting of the ledger's own
     * (a pooled forwarder of two segments taking 100 events a batch, dimensional metrics); its events go to a schema and a topic of their own. It is warmed
     * up with other citizens' commands first, as the ledger's own service was before the first ingest.
     */
    private static double stockIngest(LocalSystem system, List<CitizenId> citizens, int maxWarmUpSeconds,
                                      PrintStream out)
            throws IOException {
        String schema = "stock_axon_event_store";
        try (ServiceProcess stock = system.services().startAnotherCommandService("command-service-stock-axon",
                freePort(), Map.of(
                        "spring.datasource.url", system.database().urlFor(schema),
                        "spring.flyway.schemas", schema,
                        "spring.flyway.default-schema", schema,
                        "ledger.holder-events-topic", "permit-ledger.benchmark-stock-axon",
                        "axon.eventhandling.processors.kafka-forwarder.mode", "tracking",
                        // a tracking processor's defaults, in place of the ledger's settings in application.yml
                        "axon.eventhandling.processors.kafka-forwarder.batch-size", "1",
                        "axon.eventhandling.processors.kafka-forwarder.initial-segment-count", "1",
                        "ledger.event-store.shared-read-ahead", "true",
                        "axon.metrics.micrometer.dimensional", "false"))) {
            LedgerClient client = new LedgerClient(stock.baseUrl(), system.services().queryUrl())
                    .withToken(system.services().tokens().issue("benchmark", "benchmark", Duration.ofHours(12),
                            List.of("REGISTRAR")));
            // this service's JVM has just started, the ledger's has taken its warm-up and the first ingest
            out.printf("   warming the stock service up until its rate stops climbing (at most %d s, not measured)%n",
                    maxWarmUpSeconds);
            long self = ProcessHandle.current().pid();
            warmUpIngest(client, LocalDate.of(1975, 1, 1), maxWarmUpSeconds, new CpuShares(List.of(
                    new CpuShares.Part("stock Axon", () -> List.of(stock.pid())),
                    new CpuShares.Part("this JVM", () -> List.of(self)))), out);
            return ingestRate(client, citizens, out);
        }
    }

    /** The ingest of {@code citizens} through {@code client}: commands/s. */
    private static double ingestRate(LedgerClient client, List<CitizenId> citizens, PrintStream out) {
        long[] latencies = new long[citizens.size() * 2];
        long started = System.nanoTime();
        ingest(client, citizens, latencies, new String[citizens.size()], out);
        return latencies.length / ((System.nanoTime() - started) / 1e9);
    }

    /** Latencies in nanoseconds, sorted, and the seconds the whole run took. */
    private record Timed(long[] latencies, double seconds) {
    }

    /**
     * The limit of the ingest: the event rows the ingest stored (the same columns, payloads and metadata, new
     * identifiers), inserted again into a plain table of the same database by 16 clients, one row per
     * transaction, each client on its own connection: each commit's latency, sorted, and the time it all took.
     */
    private static Timed rawCommits(DatabaseEndpoint db, int rows) {
        List<Object[]> events = new ArrayList<>(rows);
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS benchmark");
            statement.execute("DROP TABLE IF EXISTS benchmark.raw_event");
            // the event table's columns and keys, a sequence of its own
            statement.execute("CREATE TABLE benchmark.raw_event (globalindex BIGSERIAL PRIMARY KEY, "
                    + "aggregateidentifier VARCHAR(255) NOT NULL, sequencenumber BIGINT NOT NULL, type VARCHAR(255), "
                    + "eventidentifier VARCHAR(255) NOT NULL UNIQUE, metadata BYTEA, payload BYTEA NOT NULL, "
                    + "payloadrevision VARCHAR(255), payloadtype VARCHAR(255) NOT NULL, timestamp VARCHAR(255) NOT NULL, "
                    + "UNIQUE (aggregateidentifier, sequencenumber))");
            try (var stored = statement.executeQuery("SELECT aggregateidentifier, sequencenumber, type, metadata, "
                    + "payload, payloadtype, timestamp FROM event_store.domainevententry ORDER BY globalindex LIMIT "
                    + rows)) {
                while (stored.next()) {
                    events.add(new Object[]{stored.getString(1), stored.getLong(2), stored.getString(3),
                            stored.getBytes(4), stored.getBytes(5), stored.getString(6), stored.getString(7)});
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("raw commits could not be prepared: " + e.getMessage(), e);
        }
        long[] result = new long[events.size()];
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        inParallel(CLIENTS, "raw commits", () -> {
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(),
                    db.password());
                 var insert = connection.prepareStatement("INSERT INTO benchmark.raw_event (aggregateidentifier, "
                         + "sequencenumber, type, eventidentifier, metadata, payload, payloadtype, timestamp) "
                         + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                connection.setAutoCommit(false);
                for (int i = next.getAndIncrement(); i < events.size(); i = next.getAndIncrement()) {
                    Object[] event = events.get(i);
                    long t0 = System.nanoTime();
                    insert.setString(1, (String) event[0]);
                    insert.setLong(2, (Long) event[1]);
                    insert.setString(3, (String) event[2]);
                    insert.setString(4, java.util.UUID.randomUUID().toString());
                    insert.setBytes(5, (byte[]) event[3]);
                    insert.setBytes(6, (byte[]) event[4]);
                    insert.setString(7, (String) event[5]);
                    insert.setString(8, (String) event[6]);
                    insert.executeUpdate();
                    connection.commit();
                    result[i] = System.nanoTime() - t0;
                }
            }
            return null;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(result);
        return new Timed(result, seconds);
    }

    /**
     * The application of the {@code i}th citizen: for employment in one of the seed jurisdictions, resident there
     * two years before applying 300 days ago, the permit issued 16 days later, so that today it is in force and not
     * yet due for its endorsement: day-one services granted, the gradual ones counting. The HTTP ingest sends it,
     * and the bulk population writes the events it gives.
     */
    static PopulationLoader.Application applicationOf(CitizenId citizen, int i) {
        LocalDate appliedOn = LocalDate.now(LEDGER_ZONE).minusDays(300);
        return new PopulationLoader.Application(citizen, JURISDICTIONS[i % JURISDICTIONS.length],
                appliedOn.minusYears(2), PermitBasis.EMPLOYMENT, appliedOn, appliedOn.plusDays(16));
    }

    /** The body of {@code POST /api/v1/permit-applications} for {@link #applicationOf}. */
    private static Map<String, Object> application(PopulationLoader.Application a) {
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("citizenId", a.citizen().value());
        application.put("jurisdiction", a.jurisdiction());
        application.put("residentSince", a.residentSince().toString());
        application.put("basis", a.basis().name());
        application.put("appliedOn", a.appliedOn().toString());
        return application;
    }

    private static void expect(LedgerClient.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response.status() + " " + response.body());
        }
    }

    /** Distinct valid citizen IDs: hukou in 成都, birth dates from 1960, three-digit sequence. */
    static List<CitizenId> citizens(int count) {
        return citizens(count, LocalDate.of(1960, 1, 1));
    }

    /** Distinct valid citizen IDs: hukou in 成都, 1,000 born on each day from {@code first}. */
    static List<CitizenId> citizens(int count, LocalDate first) {
        List<CitizenId> citizens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            LocalDate born = first.plusDays(i / 1000);
            citizens.add(CitizenId.withCheckCharacter(String.format("510104%s%03d",
                    born.toString().replace("-", ""), i % 1000)));
        }
        return citizens;
    }

    /**
     * Writes a feed of one {@code scheme} month for every citizen and sends it through {@code import-insurance-feed};
     * every row must be recorded. Returns rows/s, and says how the CPU was shared during {@code what}.
     */
    private static double feed(Path feed, List<CitizenId> citizens, YearMonth month, InsuranceScheme scheme,
                               LedgerClient registrar, int inFlight, String what, CpuShares cpu,
                               PrintStream out) throws IOException {
        try (var writer = Files.newBufferedWriter(feed, StandardCharsets.UTF_8)) {
            writer.write(InsuranceFeedImport.HEADER + "\n");
            for (int i = 0; i < citizens.size(); i++) {
                writer.write(citizens.get(i).value() + "," + JURISDICTIONS[i % JURISDICTIONS.length] + "," + month
                        + "," + scheme + ",,\n");
            }
        }
        CpuShares.Sample cpuBefore = cpu.sample();
        long started = System.nanoTime();
        InsuranceFeedImport.Summary summary = InsuranceFeedImport.importFeed(feed, registrar, FEED_BATCH, inFlight,
                false, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        printCpu(what, cpuBefore, cpu, out);
        if (summary.recorded() != citizens.size()) {
            throw new IllegalStateException("the feed recorded " + summary.recorded() + " of " + citizens.size()
                    + " rows");
        }
        return citizens.size() / seconds;
    }

    /**
     * The parts of the system whose CPU is measured: each service (by name, so that a restarted one is still
     * found), PostgreSQL and this JVM, which holds the in-JVM Kafka broker, the feed tool and the clients.
     */
    private static CpuShares cpuShares(LocalSettings settings, LocalSystem system) {
        List<CpuShares.Part> parts = new ArrayList<>();
        for (var service : system.services().processes()) {
            String name = service.name();
            parts.add(new CpuShares.Part(name, () -> system.services().processes().stream()
                    .filter(process -> process.name().equals(name)).map(process -> process.pid()).toList()));
        }
        parts.add(new CpuShares.Part("PostgreSQL", CpuShares.postgres(settings.postgresDirectory()), true));
        long self = ProcessHandle.current().pid();
        parts.add(new CpuShares.Part("this JVM (Kafka, the clients)", () -> List.of(self)));
        return new CpuShares(parts);
    }

    /** PostgreSQL's statement statistics of stretches of the run, if it keeps them, written to {@code folder}. */
    private record Statements(StatementStatistics statistics, Path folder) {

        void from() {
            if (statistics != null) {
                statistics.reset();
            }
        }

        void to(String name, String what, PrintStream out) throws IOException {
            if (statistics != null) {
                Files.createDirectories(folder);
                Path file = folder.resolve("postgres-" + name + ".txt");
                statistics.write(file, what);
                out.printf("   PostgreSQL's statements during %s: %s%n", what, file);
            }
        }
    }

    /** Says how the machine's CPU was shared during {@code what}, since {@code before}; nothing without /proc. */
    private static void printCpu(String what, CpuShares.Sample before, CpuShares cpu, PrintStream out) {
        CpuShares.Sample after = cpu.sample();
        String shares = CpuShares.between(before, after);
        if (!shares.isEmpty()) {
            out.printf("   CPU during %s, shares of the machine's: %s%n", what, shares);
        }
        String compilers = CpuShares.compilers(before, after);
        if (!compilers.isEmpty()) {
            out.printf("   of which their JIT compilers' threads: %s%n", compilers);
        }
    }

    /** COPY of the feed's rows into a plain table of the same database, in one transaction: rows/s. */
    private static double copyRate(DatabaseEndpoint db, Path feed, int rows) {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            try (var statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS benchmark");
                statement.execute("DROP TABLE IF EXISTS benchmark.feed_copy");
                statement.execute("CREATE TABLE benchmark.feed_copy (citizen_id text, jurisdiction text, month text, "
                        + "scheme text, paid_on text, transferred_from text)");
            }
            long started = System.nanoTime();
            try (Reader reader = Files.newBufferedReader(feed, StandardCharsets.UTF_8)) {
                long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY benchmark.feed_copy FROM STDIN WITH (FORMAT csv, HEADER true)", reader);
                if (copied != rows) {
                    throw new IllegalStateException("COPY took " + copied + " rows of " + rows);
                }
            }
            return rows / ((System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
