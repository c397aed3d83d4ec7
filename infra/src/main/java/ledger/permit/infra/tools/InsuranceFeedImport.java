package ledger.permit.infra.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LocalSettings;
import ledger.permit.infra.local.LocalTokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code import-insurance-feed FILE}: sends the social-insurance bureau's monthly feed (CSV, one row per
 * holder-month: {@code citizenId,jurisdiction,month,scheme,paidOn,transferredFrom}, with that header line) to
 * the command API in batches. Each row becomes a month on its holder's stream.
 * <ul>
 *   <li>Progress: a bar on the terminal (a log line every few seconds elsewhere), with rows/s and the time left.</li>
 *   <li>Resumable: after each answered batch the line reached is written to {@code FILE.progress}; a run started
 *       again after a crash goes on from there.</li>
 *   <li>Idempotent: a row already on record records nothing, so a batch sent twice, or the whole feed sent
 *       again ({@code --again}), changes nothing. A feed imported to its end is not sent again without it.</li>
 *   <li>Bad lines go to {@code FILE.rejects.csv} with their line number and the reason; the rest goes on.</li>
 *   <li>Up to {@code --in-flight} batches are sent at once, so that the command service works on one while the
 *       answer to another travels back. Answers are taken in the file's order, so the checkpoint and the rejects
 *       file only ever cover a run of answered batches from the start. A batch with a citizen that an earlier
 *       batch still in flight also has waits for that one's answer: a holder's rows are recorded in their order.</li>
 * </ul>
 */
public final class InsuranceFeedImport {

    static final String HEADER = "citizenId,jurisdiction,month,scheme,paidOn,transferredFrom";
    private static final String[] COLUMNS = HEADER.split(",");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ATTEMPTS = 8;
    /** Batches sent at once unless {@code --in-flight} says otherwise. */
    public static final int DEFAULT_IN_FLIGHT = 4;
    public static final int MAX_IN_FLIGHT = 8;

    private static final String USAGE = """
            usage: import-insurance-feed FILE [--command-url URL] [--token TOKEN] [--batch ROWS] [--in-flight N]
                                         [--again]
              FILE      CSV with the header %s
              --command-url  default http://localhost:8081 (env LEDGER_COMMAND_URL)
              --token        a REGISTRAR bearer token (env LEDGER_TOKEN); default: one signed with the local key
              --batch        rows per request, 1 to 5000, default 1000
              --in-flight    batches sent at once, 1 to %d, default %d (answers are taken in the file's order)
              --again        send a feed already imported to its end once more (records nothing new)
            Writes FILE.progress (where a run goes on after a crash) and FILE.rejects.csv (line,reason,row).
            """.formatted(HEADER, MAX_IN_FLIGHT, DEFAULT_IN_FLIGHT);

    private final Path feed;
    private final Path progressFile;
    private final Path rejectsFile;
    private final LedgerClient client;
    private final int batchSize;
    private final int inFlight;
    private final PrintStream out;
    private final Progress progress;

    private InsuranceFeedImport(Path feed, LedgerClient client, int batchSize, int inFlight, PrintStream out) {
        this.feed = feed;
        this.progressFile = feed.resolveSibling(feed.getFileName() + ".progress");
        this.rejectsFile = feed.resolveSibling(feed.getFileName() + ".rejects.csv");
        this.client = client;
        this.batchSize = batchSize;
        this.inFlight = inFlight;
        this.out = out;
        this.progress = new Progress(out);
    }

    /** What a run did: the feed's rows so far, and what this run recorded, found on record and rejected. */
    public record Summary(long rows, long recorded, long alreadyRecorded, long rejected) {
    }

    /** Runs the command; returns the exit code: 0 done (rejects or not), 1 failed, 64 bad usage. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path feed = null;
        String commandUrl = System.getenv().getOrDefault("LEDGER_COMMAND_URL", "http://localhost:8081");
        String token = System.getenv("LEDGER_TOKEN");
        int batch = 1000;
        int inFlight = DEFAULT_IN_FLIGHT;
        boolean again = false;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--command-url" -> commandUrl = value(args, ++i);
                    case "--token" -> token = value(args, ++i);
                    case "--batch" -> batch = number(args, ++i);
                    case "--in-flight" -> inFlight = number(args, ++i);
                    case "--again" -> again = true;
                    default -> {
                        if (feed != null || args[i].startsWith("--")) {
                            throw new IllegalArgumentException("unknown argument " + args[i]);
                        }
                        feed = Path.of(args[i]);
                    }
                }
            }
            if (feed == null) {
                throw new IllegalArgumentException("name the feed file");
            }
            if (!Files.isRegularFile(feed)) {
                throw new IllegalArgumentException("no file " + feed);
            }
            if (batch < 1 || batch > 5000) {
                throw new IllegalArgumentException("--batch must be 1 to 5000");
            }
            if (inFlight < 1 || inFlight > MAX_IN_FLIGHT) {
                throw new IllegalArgumentException("--in-flight must be 1 to " + MAX_IN_FLIGHT);
            }
        } catch (IllegalArgumentException e) {
            err.println("import-insurance-feed: " + e.getMessage());
            err.print(USAGE);
            return 64;
        }
        if (token == null) {
            token = LocalTokens.loadOrCreate(LocalSettings.fromEnvironment().tokenKeyFile())
                    .issue("insurance-feed", "social-insurance-bureau", Duration.ofHours(12), List.of("REGISTRAR"));
        }
        try {
            importFeed(feed, new LedgerClient(commandUrl, commandUrl).withToken(token), batch, inFlight, again, out);
            return 0;
        } catch (RuntimeException e) {
            err.println("import-insurance-feed: stopped: " + e.getMessage()
                    + " (run the same command again to go on from the last answered batch)");
            return 1;
        }
    }

    /**
     * Imports {@code feed} through {@code client} to its end, going on from its progress file if there is one;
     * a batch the command API does not take after retries stops it with an exception.
     */
    public static Summary importFeed(Path feed, LedgerClient client, int batchSize, boolean again, PrintStream out) {
        return importFeed(feed, client, batchSize, DEFAULT_IN_FLIGHT, again, out);
    }

    /** {@link #importFeed(Path, LedgerClient, int, boolean, PrintStream)} with up to {@code inFlight} batches sent at once. */
    public static Summary importFeed(Path feed, LedgerClient client, int batchSize, int inFlight, boolean again,
                                     PrintStream out) {
        ExecutorService senders = Executors.newFixedThreadPool(inFlight,
                Thread.ofPlatform().name("feed-sender-", 0).daemon().factory());
        try {
            return new InsuranceFeedImport(feed, client, batchSize, inFlight, out).run(again, senders);
        } finally {
            // after a failed batch, those behind it are not waited for: the next run sends them again
            senders.shutdownNow();
        }
    }

    private Summary run(boolean again, ExecutorService senders) {
        try {
            Checkpoint start = Checkpoint.read(progressFile, feed);
            if (start.complete() && !again) {
                out.printf("%s was imported to its end before (%d rows: %d recorded, %d already on record, "
                                + "%d rejected); nothing sent. --again sends it once more.%n", feed, start.rows(),
                        start.recorded(), start.alreadyRecorded(), start.rejected());
                return new Summary(start.rows(), 0, 0, 0);
            }
            if (start.complete()) {
                start = Checkpoint.fresh(feed);
            }
            if (start.line() > 1) {
                out.printf("Going on after line %d of %s (%d rows done before)%n", start.line(), feed, start.rows());
            }
            long totalLines = countLines(feed);
            progress.start(totalLines - 1, start.rows());
            try (BufferedReader reader = Files.newBufferedReader(feed, StandardCharsets.UTF_8);
                 FileChannel rejectsChannel = FileChannel.open(rejectsFile, StandardOpenOption.CREATE,
                         StandardOpenOption.WRITE)) {
                // what a crashed run wrote after its last checkpoint is written again
                rejectsChannel.truncate(start.rejectsBytes());
                rejectsChannel.position(start.rejectsBytes());
                Writer rejects = java.nio.channels.Channels.newWriter(rejectsChannel, StandardCharsets.UTF_8);
                if (start.rejectsBytes() == 0) {
                    rejects.write("line,reason,row\n");
                }
                String header = reader.readLine();
                if (header == null || !header.strip().replace("\uFEFF", "").equals(HEADER)) {
                    throw new IllegalArgumentException("the first line must be the header " + HEADER);
                }
                Checkpoint at = start;
                long lineNumber = 1;
                Deque<Sent> sent = new ArrayDeque<>();
                List<String> lines = new ArrayList<>();
                Set<String> citizens = new HashSet<>();
                ArrayNode rows = JSON.createArrayNode();
                String line;
                while ((line = reader.readLine()) != null) {
                    lineNumber++;
                    if (lineNumber <= at.line()) {
                        continue;
                    }
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] values = Csv.split(line);
                    if (values == null || values.length != COLUMNS.length) {
                        reject(rejects, lineNumber, "has " + (values == null ? "unbalanced quotes" : values.length
                                + " columns, not " + COLUMNS.length), line);
                        at = at.plus(0, 0, 1);
                        continue;
                    }
                    ObjectNode row = rows.addObject().put("line", lineNumber);
                    for (int c = 0; c < COLUMNS.length; c++) {
                        row.put(COLUMNS[c], values[c].isBlank() ? null : values[c].strip());
                    }
                    lines.add(line);
                    citizens.add(values[0].strip().toUpperCase(java.util.Locale.ROOT));
                    if (rows.size() == batchSize) {
                        at = send(new Batch(rows, lines, citizens, lineNumber), sent, senders, rejects, at,
                                rejectsChannel);
                        rows = JSON.createArrayNode();
                        lines = new ArrayList<>();
                        citizens = new HashSet<>();
                    }
                }
                if (!rows.isEmpty()) {
                    at = send(new Batch(rows, lines, citizens, lineNumber), sent, senders, rejects, at,
                            rejectsChannel);
                }
                while (!sent.isEmpty()) {
                    at = answered(sent.removeFirst(), rejects, at, rejectsChannel);
                }
                rejects.flush();
                at = at.reached(lineNumber, rejectsChannel.size()).done();
                at.write(progressFile);
                progress.finish(at);
                out.printf("Imported %s: %d rows, %d recorded, %d already on record, %d rejected%s%n", feed,
                        at.rows(), at.recorded(), at.alreadyRecorded(), at.rejected(),
                        at.rejected() > 0 ? " (see " + rejectsFile + ")" : "");
                return new Summary(at.rows(), at.recorded() - start.recorded(),
                        at.alreadyRecorded() - start.alreadyRecorded(), at.rejected() - start.rejected());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows of one request, their lines as read, their citizens, and the feed's line of the last one. */
    private record Batch(ArrayNode rows, List<String> lines, Set<String> citizens, long lastLine) {
    }

    /** A batch sent, and its answer to come. */
    private record Sent(Batch batch, CompletableFuture<JsonNode> answer) {
    }

    /**
     * Sends {@code batch} once the batches in flight leave room for it and none of them has one of its citizens,
     * taking the answers it waits for in order; returns the checkpoint after those.
     */
    private Checkpoint send(Batch batch, Deque<Sent> sent, ExecutorService senders, Writer rejects, Checkpoint at,
                            FileChannel rejectsChannel) throws IOException {
        Sent lastSharing = null;
        for (Sent earlier : sent) {
            if (!Collections.disjoint(earlier.batch().citizens(), batch.citizens())) {
                lastSharing = earlier;
            }
        }
        if (lastSharing != null) {
            Sent answered;
            do {
                answered = sent.removeFirst();
                at = answered(answered, rejects, at, rejectsChannel);
            } while (answered != lastSharing);
        }
        while (sent.size() >= inFlight) {
            at = answered(sent.removeFirst(), rejects, at, rejectsChannel);
        }
        sent.addLast(new Sent(batch, CompletableFuture.supplyAsync(() -> post(batch), senders)));
        return at;
    }

    /** Waits for a sent batch's answer, writes its rejects, then the checkpoint after it. */
    private Checkpoint answered(Sent sent, Writer rejects, Checkpoint at, FileChannel rejectsChannel)
            throws IOException {
        JsonNode body;
        try {
            body = sent.answer().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        List<String> lines = sent.batch().lines();
        JsonNode results = body.path("results");
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            if (result.path("outcome").asText().equals("REJECTED")) {
                List<String> reasons = new ArrayList<>();
                result.path("reasons").forEach(r -> reasons.add(r.path("field").asText() + ": " + r.path("reason").asText()));
                reject(rejects, result.path("line").asLong(), String.join("; ", reasons), lines.get(i));
            }
        }
        rejects.flush();
        Checkpoint next = at.plus(body.path("recorded").asLong(), body.path("alreadyRecorded").asLong(),
                body.path("rejected").asLong()).reached(sent.batch().lastLine(), rejectsChannel.size());
        next.write(progressFile);
        progress.update(next);
        return next;
    }

    /** Posts one batch, again on a transient failure (its rows are idempotent); its answer's body. */
    private JsonNode post(Batch batch) {
        ObjectNode body = JSON.createObjectNode();
        body.set("rows", batch.rows());
        LedgerClient.Response response = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                response = client.post("/api/v1/insurance-feed/batches", body);
                if (response.status() == 200) {
                    return response.body();
                }
                if (response.status() != 503 && response.status() != 409 && response.status() < 500) {
                    throw new IllegalStateException("the command API refused a batch: " + response.status() + " "
                            + response.body());
                }
            } catch (UncheckedIOException e) {
                response = null;
            }
            if (attempt == MAX_ATTEMPTS) {
                break;
            }
            sleep(Math.min(10_000, 250L << attempt));
        }
        throw new IllegalStateException("the command API did not take the batch ending at line " + batch.lastLine()
                + " after " + MAX_ATTEMPTS + " attempts" + (response == null ? "" : ": " + response.status()));
    }

    private static void reject(Writer rejects, long line, String reason, String row) throws IOException {
        rejects.write(Csv.row(line, reason, row) + "\n");
    }

    private static long countLines(Path file) throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.count();
        }
    }

    private static int number(String[] args, int i) {
        String value = value(args, i);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(args[i - 1] + " needs a whole number, not " + value);
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * How far a feed got: the last line whose batch was answered, the rejects file's length then, the counts,
     * and whether the feed was read to its end; tied to the feed by its size and first bytes.
     */
    record Checkpoint(String feedId, long line, long rejectsBytes, long recorded, long alreadyRecorded, long rejected,
                      boolean complete) {

        long rows() {
            return recorded + alreadyRecorded + rejected;
        }

        static Checkpoint fresh(Path feed) throws IOException {
            return new Checkpoint(feedId(feed), 1, 0, 0, 0, 0, false);
        }

        static Checkpoint read(Path file, Path feed) throws IOException {
            if (!Files.isRegularFile(file)) {
                return fresh(feed);
            }
            Properties p = new Properties();
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            String id = feedId(feed);
            if (!id.equals(p.getProperty("feed"))) {
                throw new IllegalStateException(file + " belongs to another feed (the file changed since); "
                        + "remove it to import this one from its start");
            }
            return new Checkpoint(id, Long.parseLong(p.getProperty("line")), Long.parseLong(p.getProperty("rejectsBytes")),
                    Long.parseLong(p.getProperty("recorded")), Long.parseLong(p.getProperty("alreadyRecorded")),
                    Long.parseLong(p.getProperty("rejected")), Boolean.parseBoolean(p.getProperty("complete")));
        }

        Checkpoint plus(long recorded, long already, long rejected) {
            return new Checkpoint(feedId, line, rejectsBytes, this.recorded + recorded, alreadyRecorded + already,
                    this.rejected + rejected, false);
        }

        Checkpoint reached(long line, long rejectsBytes) {
            return new Checkpoint(feedId, line, rejectsBytes, recorded, alreadyRecorded, rejected, false);
        }

        Checkpoint done() {
            return new Checkpoint(feedId, line, rejectsBytes, recorded, alreadyRecorded, rejected, true);
        }

        void write(Path file) throws IOException {
            Properties p = new Properties();
            p.setProperty("feed", feedId);
            p.setProperty("line", Long.toString(line));
            p.setProperty("rejectsBytes", Long.toString(rejectsBytes));
            p.setProperty("recorded", Long.toString(recorded));
            p.setProperty("alreadyRecorded", Long.toString(alreadyRecorded));
            p.setProperty("rejected", Long.toString(rejected));
            p.setProperty("complete", Boolean.toString(complete));
            Path fresh = file.resolveSibling(file.getFileName() + ".new");
            try (var writer = Files.newBufferedWriter(fresh, StandardCharsets.UTF_8)) {
                p.store(writer, "import-insurance-feed: where a run goes on");
            }
            Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }

        private static String feedId(Path feed) throws IOException {
            byte[] head = new byte[4096];
            int n;
            try (var in = Files.newInputStream(feed)) {
                n = in.readNBytes(head, 0, head.length);
            }
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(head, 0, n);
            return Files.size(feed) + "-" + Long.toHexString(crc.getValue());
        }
    }

    /** The bar on a terminal, or a line every 5 s where the output is a file or a pipe. */
    private static final class Progress {
        private final PrintStream out;
        private final boolean terminal = System.console() != null;
        private long total;
        private long startRows;
        private long startedAt;
        private long lastShown;

        Progress(PrintStream out) {
            this.out = out;
        }

        void start(long total, long doneBefore) {
            this.total = Math.max(total, 1);
            this.startRows = doneBefore;
            this.startedAt = System.nanoTime();
        }

        void update(Checkpoint at) {
            long now = System.nanoTime();
            if (now - lastShown < (terminal ? 200_000_000L : 5_000_000_000L)) {
                return;
            }
            lastShown = now;
            show(at, false);
        }

        void finish(Checkpoint at) {
            show(at, true);
        }

        private void show(Checkpoint at, boolean last) {
            long rows = at.rows();
            double seconds = Math.max((System.nanoTime() - startedAt) / 1e9, 0.001);
            double rate = (rows - startRows) / seconds;
            long left = rate > 0 ? (long) ((total - rows) / rate) : -1;
            int percent = (int) Math.min(100, rows * 100 / total);
            String bar = "#".repeat(percent / 4) + "-".repeat(25 - percent / 4);
            String text = String.format("[%s] %3d%% %,d/%,d rows, %,.0f rows/s, %,d rejected%s", bar, percent, rows,
                    total, rate, at.rejected(), last ? String.format(", %.1f s", seconds)
                            : left >= 0 ? ", " + left + " s left" : "");
            if (terminal) {
                out.print("\r" + text + (last ? "\n" : ""));
            } else {
                out.println(text);
            }
            out.flush();
        }
    }

    /** CSV lines as the bureau writes them (RFC 4180: commas, fields optionally in double quotes). */
    static final class Csv {
        private static final CsvMapper MAPPER = new CsvMapper();
        private static final ObjectReader LINE = MAPPER.readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY);
        private static final ObjectWriter ROW = MAPPER.writerFor(Object[].class)
                .with(CsvSchema.emptySchema().withLineSeparator(""));

        private Csv() {
        }

        /** The fields of one line, or null when it is not one CSV record (unbalanced quotes, say). */
        static String[] split(String line) {
            try (MappingIterator<String[]> records = LINE.readValues(line)) {
                String[] fields = records.hasNextValue() ? records.nextValue() : new String[0];
                return records.hasNextValue() ? null : fields;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /** One rejects line: the line number, the reason and the row as it was. */
        static String row(long line, String reason, String row) {
            try {
                return ROW.writeValueAsString(new Object[]{line, reason, row});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
