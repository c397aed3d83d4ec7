package ledger.permit.infra.tools;

import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.local.EmbeddedPostgresServer;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerServices;
import ledger.permit.infra.local.LocalTokens;
import ledger.permit.infra.local.ServiceProcess;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Two query services side by side on one data set ({@code compare-queries}): for a change to the query path
 * smaller than what the benchmark's runs vary by. On a shared machine the same build's answers a second differ by
 * a third from one run to the next, minutes apart; here both services run at once on the same read model, and each
 * client asks A and B in turn for the same random holder (in a random order), so that both answer under the same
 * load at the same moments. The figure is each one's CPU an answer ({@code /proc}), round by round, and the ratio
 * B / A: below 1, B takes less CPU an answer. PostgreSQL's share is printed for the whole machine (both services'
 * reads are in it).
 * <p>
 * The data folder is a benchmark's ({@code benchmark --data-dir DIR}) or the local system's, stopped: its
 * PostgreSQL is started, and the services accept tokens of its signing key.
 */
public final class QueryComparison {

    private static final String USAGE = "usage: compare-queries --data-dir DIR --a JAR [--b JAR] "
            + "[--a-setting NAME=VALUE]... [--b-setting NAME=VALUE]... [--a-java-option OPTION]... "
            + "[--b-java-option OPTION]... [--clients 32] [--warm-up 300] [--rounds 6] [--round-seconds 20]";
    private static final List<String> JAVA_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    private QueryComparison() {
    }

    /**
     * What to compare: the query service of {@code jarA} with {@code settingsA} (Spring Boot properties) against
     * {@code jarB}'s with {@code settingsB}, on the data in {@code data}; each JVM started with the heap limit and
     * then its side's {@code javaOptionsA} or {@code javaOptionsB} (a garbage collector, say); {@code clients}
     * clients, unmeasured in windows of 10 s until the warm-up is over as in the benchmark ({@link Benchmark.WarmUp})
     * or for at most {@code warmUpSeconds}, then {@code rounds} rounds of {@code roundSeconds} measured.
     */
    public record Plan(Path data, Path jarA, Map<String, String> settingsA, Path jarB, Map<String, String> settingsB,
                       int clients, int warmUpSeconds, int rounds, int roundSeconds, List<String> javaOptionsA,
                       List<String> javaOptionsB) {
        public Plan {
            settingsA = Map.copyOf(settingsA);
            settingsB = Map.copyOf(settingsB);
            javaOptionsA = List.copyOf(javaOptionsA);
            javaOptionsB = List.copyOf(javaOptionsB);
            java.util.stream.Stream.concat(javaOptionsA.stream(), javaOptionsB.stream())
                    .filter(option -> !option.startsWith("-")).findFirst().ifPresent(option -> {
                        throw new IllegalArgumentException("a Java option starts with -, not " + option);
                    });
            if (clients < 1 || clients > 256) {
                throw new IllegalArgumentException("--clients must be 1 to 256");
            }
            if (warmUpSeconds < 0 || rounds < 1 || rounds > 100 || roundSeconds < 1) {
                throw new IllegalArgumentException("--warm-up must be at least 0, --rounds 1 to 100, --round-seconds "
                        + "at least 1");
            }
            for (Path jar : List.of(jarA, jarB)) {
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalArgumentException("no query service jar at " + jar);
                }
            }
            if (!Files.exists(data.resolve("postgres").resolve("PG_VERSION"))
                    || !Files.isRegularFile(data.resolve(TOKEN_KEY))) {
                throw new IllegalArgumentException(data + " holds no ledger's data (a PostgreSQL folder and a token "
                        + "signing key): give the --data-dir of a benchmark run or of the local system");
            }
        }
    }

    private static final String TOKEN_KEY = "token-signing-key.jwk";

    /** One round's figures of one service: its answers, their latencies (sorted), its CPU time in seconds. */
    record Round(long answers, long[] latencies, double cpuSeconds) {

        /** The CPU an answer, in µs; NaN where there is no {@code /proc}. */
        double cpuPerAnswer() {
            return answers == 0 ? Double.NaN : cpuSeconds * 1e6 / answers;
        }
    }

    /** Every round of both services. */
    public record Result(List<Round> a, List<Round> b) {

        /** B's CPU an answer over A's, by round. */
        double[] ratios() {
            double[] ratios = new double[a.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = b.get(i).cpuPerAnswer() / a.get(i).cpuPerAnswer();
            }
            return ratios;
        }
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Plan plan;
        try {
            plan = plan(args);
        } catch (RuntimeException e) {
            err.println("compare-queries: " + e.getMessage());
            err.println(USAGE);
            return 64;
        }
        try {
            Result result = compare(plan, out);
            printSummary(plan, result, out);
            return 0;
        } catch (IOException | SQLException | RuntimeException e) {
            err.println("compare-queries: " + e.getMessage());
            return 1;
        }
    }

    static Plan plan(String[] args) {
        Path data = null;
        Path jarA = null;
        Path jarB = null;
        Map<String, String> settingsA = new LinkedHashMap<>();
        Map<String, String> settingsB = new LinkedHashMap<>();
        List<String> javaOptionsA = new ArrayList<>();
        List<String> javaOptionsB = new ArrayList<>();
        int clients = 32;
        int warmUp = 300;
        int rounds = 6;
        int roundSeconds = 20;
        for (int i = 1; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--data-dir" -> data = Path.of(value);
                case "--a" -> jarA = Path.of(value);
                case "--b" -> jarB = Path.of(value);
                case "--a-setting" -> setting(settingsA, value);
                case "--b-setting" -> setting(settingsB, value);
                case "--a-java-option" -> javaOptionsA.add(value);
                case "--b-java-option" -> javaOptionsB.add(value);
                case "--clients" -> clients = number(name, value);
                case "--warm-up" -> warmUp = number(name, value);
                case "--rounds" -> rounds = number(name, value);
                case "--round-seconds" -> roundSeconds = number(name, value);
                default -> throw new IllegalArgumentException("unknown argument " + name);
            }
        }
        if (data == null || jarA == null) {
            throw new IllegalArgumentException("--data-dir and --a are required");
        }
        return new Plan(data, jarA, settingsA, jarB == null ? jarA : jarB, settingsB, clients, warmUp, rounds,
                roundSeconds, javaOptionsA, javaOptionsB);
    }

    private static void setting(Map<String, String> settings, String value) {
        int equals = value.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("a setting is NAME=VALUE, not " + value);
        }
        settings.put(value.substring(0, equals), value.substring(equals + 1));
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }

    /**
     * Starts the data folder's PostgreSQL and the two query services, runs the load, stops them all; returns each
     * round's figures. Progress and each round go to {@code out}.
     */
    public static Result compare(Plan plan, PrintStream out) throws IOException, SQLException {
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(plan.data().resolve("postgres"),
                Benchmark.freePort())) {
            DatabaseEndpoint database = postgres.endpoint();
            String[] holders = holders(database);
            out.printf("compare-queries: %,d holders in the read model of %s%n", holders.length, plan.data());
            LocalTokens tokens = LocalTokens.loadOrCreate(plan.data().resolve(TOKEN_KEY));
            Path logs = plan.data().resolve("logs");
            List<ServiceProcess> started = new ArrayList<>();
            try {
                ServiceProcess a = ServiceProcess.start("query-service-a", plan.jarA(), Benchmark.freePort(),
                        LedgerServices.querySettings(database, tokens, plan.settingsA()),
                        javaOptions(plan.javaOptionsA()), logs);
                started.add(a);
                ServiceProcess b = ServiceProcess.start("query-service-b", plan.jarB(), Benchmark.freePort(),
                        LedgerServices.querySettings(database, tokens, plan.settingsB()),
                        javaOptions(plan.javaOptionsB()), logs);
                started.add(b);
                CompletableFuture<ServiceProcess> bUp =
                        CompletableFuture.supplyAsync(() -> b.awaitHealthy(LedgerServices.START_TIMEOUT));
                a.awaitHealthy(LedgerServices.START_TIMEOUT);
                bUp.join();
                out.printf("   A: %s %s %s (log %s)%n   B: %s %s %s (log %s)%n", plan.jarA(), plan.settingsA(),
                        javaOptions(plan.javaOptionsA()), a.logFile(), plan.jarB(), plan.settingsB(),
                        javaOptions(plan.javaOptionsB()), b.logFile());
                String token = tokens.issue("compare-queries", "benchmark", Duration.ofHours(12), List.of("AGENCY"));
                List<LedgerClient> clients = List.of(client(a, token), client(b, token));
                CpuShares cpu = new CpuShares(List.of(
                        new CpuShares.Part("A", () -> List.of(a.pid())),
                        new CpuShares.Part("B", () -> List.of(b.pid())),
                        new CpuShares.Part("PostgreSQL", CpuShares.postgres(plan.data().resolve("postgres")), true)));
                return load(plan, clients, holders, cpu, out);
            } finally {
                started.forEach(ServiceProcess::close);
            }
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The JVM options both sides start with, then one side's own (a later option of the same kind wins). */
    private static List<String> javaOptions(List<String> side) {
        List<String> options = new ArrayList<>(JAVA_OPTIONS);
        options.addAll(side);
        return options;
    }

    private static LedgerClient client(ServiceProcess service, String token) {
        return new LedgerClient(service.baseUrl(), service.baseUrl()).withToken(token)
                .withHeader("X-Purpose", "compare-queries");
    }

    private static String[] holders(DatabaseEndpoint database) throws SQLException {
        List<String> holders = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.urlFor("read_model"), database.username(),
                database.password());
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT holder_id::text FROM holder")) {
            while (rows.next()) {
                holders.add(rows.getString(1));
            }
        }
        if (holders.isEmpty()) {
            throw new IllegalStateException("the read model holds no holder to ask about");
        }
        return holders.toArray(String[]::new);
    }

    /** A client's latencies of one service in one round, in nanoseconds. */
    private static final class Latencies {
        private long[] values = new long[256];
        private int count;

        void add(long nanos) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = nanos;
        }
    }

    /**
     * The clients ask both services in turn until the last round ends; the warm-up first (round -1), then each
     * round. An answer counts in a round if it began and ended within it.
     */
    private static Result load(Plan plan, List<LedgerClient> services, String[] holders, CpuShares cpu,
                               PrintStream out) {
        AtomicInteger round = new AtomicInteger(-1);
        LongAdder pairs = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(plan.clients());
        try {
            List<Future<Latencies[][]>> clients = new ArrayList<>();
            for (int c = 0; c < plan.clients(); c++) {
                clients.add(pool.submit(() -> {
                    Latencies[][] mine = new Latencies[2][plan.rounds()];
                    for (Latencies[] side : mine) {
                        Arrays.setAll(side, i -> new Latencies());
                    }
                    var random = ThreadLocalRandom.current();
                    while (round.get() < plan.rounds()) {
                        String path = "/api/v1/holders/" + holders[random.nextInt(holders.length)] + "/entitlements";
                        int first = random.nextInt(2);
                        for (int side : new int[]{first, 1 - first}) {
                            int began = round.get();
                            long t0 = System.nanoTime();
                            // read, not parsed: the clients share the cores with the services they measure
                            services.get(side).getExpecting(path, 200);
                            long took = System.nanoTime() - t0;
                            if (began >= 0 && began < plan.rounds() && round.get() == began) {
                                mine[side][began].add(took);
                            }
                        }
                        pairs.increment();
                    }
                    return mine;
                }));
            }
            // as the benchmark's: until the rate stops climbing and both services' compilers are nearly done, or the
            // warm-up's limit; a client that stops is found by the rounds
            if (plan.warmUpSeconds() > 0) {
                Benchmark.warmUp(pairs, "answers/s from each", plan.warmUpSeconds(), cpu,
                        () -> clients.stream().anyMatch(Future::isDone), out);
            }
            CpuShares.Sample[] samples = new CpuShares.Sample[plan.rounds() + 1];
            long[] times = new long[plan.rounds() + 1];
            samples[0] = cpu.sample();
            times[0] = System.nanoTime();
            round.set(0);
            for (int r = 0; r < plan.rounds(); r++) {
                sleepWatching(TimeUnit.SECONDS.toNanos(plan.roundSeconds()), clients);
                samples[r + 1] = cpu.sample();
                times[r + 1] = System.nanoTime();
                round.set(r + 1);
            }
            List<Latencies[][]> all = new ArrayList<>();
            for (Future<Latencies[][]> client : clients) {
                all.add(client.get());
            }
            List<Round> a = new ArrayList<>();
            List<Round> b = new ArrayList<>();
            int cores = Runtime.getRuntime().availableProcessors();
            for (int r = 0; r < plan.rounds(); r++) {
                CpuShares.Sample before = samples[r];
                CpuShares.Sample after = samples[r + 1];
                double seconds = (times[r + 1] - times[r]) / 1e9;
                long total = before == null ? 0 : CpuShares.total(before, after);
                // all the cores' ticks over the round's seconds: a part's ticks, in seconds of one core
                double secondsPerTick = total > 0 ? cores * seconds / total : Double.NaN;
                for (int side = 0; side < 2; side++) {
                    long[] latencies = merged(all, side, r);
                    double cpuSeconds = total > 0
                            ? CpuShares.used(before, after, side == 0 ? "A" : "B") * secondsPerTick : Double.NaN;
                    (side == 0 ? a : b).add(new Round(latencies.length, latencies, cpuSeconds));
                }
                double postgres = total > 0 ? (double) CpuShares.used(before, after, "PostgreSQL") / total : Double.NaN;
                double idle = total > 0 ? (double) (after.idle() - before.idle()) / total : Double.NaN;
                printRound(r, seconds, a.get(r), b.get(r), postgres, idle, out);
            }
            return new Result(a, b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            round.set(Integer.MAX_VALUE);
            pool.shutdownNow();
        }
    }

    private static long[] merged(List<Latencies[][]> clients, int side, int round) {
        return clients.stream().flatMapToLong(mine -> Arrays.stream(mine[side][round].values, 0,
                mine[side][round].count)).sorted().toArray();
    }

    /** Sleeps {@code nanos}, but returns early with the failure of a client that has failed. */
    private static void sleepWatching(long nanos, List<? extends Future<?>> clients)
            throws InterruptedException, ExecutionException {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() < until) {
            Thread.sleep(Math.max(1, Math.min(500, (until - System.nanoTime()) / 1_000_000)));
            for (Future<?> client : clients) {
                if (client.isDone()) {
                    client.get();
                    throw new IllegalStateException("a client stopped before the last round");
                }
            }
        }
    }

    private static void printRound(int r, double seconds, Round a, Round b, double postgres, double idle,
                                   PrintStream out) {
        out.printf("   round %d, %.1f s: A %,d answers, %s; B %,d answers, %s; B / A %.3f; PostgreSQL %.0f %%, "
                        + "idle %.0f %% of the machine%n", r + 1, seconds, a.answers(), side(a), b.answers(), side(b),
                b.cpuPerAnswer() / a.cpuPerAnswer(), 100 * postgres, 100 * idle);
    }

    private static String side(Round round) {
        return String.format("%.0f µs CPU an answer, p50 %.2f ms, p99 %.2f ms", round.cpuPerAnswer(),
                percentile(round.latencies(), 0.50) / 1e6, percentile(round.latencies(), 0.99) / 1e6);
    }

    static void printSummary(Plan plan, Result result, PrintStream out) {
        double[] ratios = result.ratios();
        double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        out.println();
        out.printf("compare-queries, %d clients, %d rounds of %d s after at most %d s unmeasured, %d cores (%s), %s%n",
                plan.clients(), plan.rounds(), plan.roundSeconds(), plan.warmUpSeconds(),
                Runtime.getRuntime().availableProcessors(), CpuShares.processor(), System.getProperty("java.version"));
        out.printf("A: %s %s %s%n", plan.jarA(), plan.settingsA(), javaOptions(plan.javaOptionsA()));
        out.printf("B: %s %s %s%n", plan.jarB(), plan.settingsB(), javaOptions(plan.javaOptionsB()));
        for (int side = 0; side < 2; side++) {
            List<Round> rounds = side == 0 ? result.a() : result.b();
            long answers = rounds.stream().mapToLong(Round::answers).sum();
            double cpu = rounds.stream().mapToDouble(Round::cpuSeconds).sum();
            long[] latencies = rounds.stream().flatMapToLong(round -> Arrays.stream(round.latencies())).sorted()
                    .toArray();
            out.printf("%s: %,d answers; CPU an answer %.0f µs (rounds %.0f to %.0f); p50 %.2f ms, p99 %.2f ms, "
                            + "p99.9 %.2f ms%n", side == 0 ? "A" : "B", answers, cpu * 1e6 / answers,
                    rounds.stream().mapToDouble(Round::cpuPerAnswer).min().orElse(Double.NaN),
                    rounds.stream().mapToDouble(Round::cpuPerAnswer).max().orElse(Double.NaN),
                    percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6,
                    percentile(latencies, 0.999) / 1e6);
        }
        out.printf("B / A, CPU an answer: median of the rounds %.3f (%.3f to %.3f)%n", median(sorted), sorted[0],
                sorted[sorted.length - 1]);
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : Benchmark.percentile(sorted, p);
    }
}
