package ledger.permit.infra.endtoend;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.tools.InsuranceFeedImport;
import ledger.permit.infra.tools.InsuranceFeedImport.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monthly insurance feed through {@code import-insurance-feed}: each good row a month on its holder's
 * stream, each bad line in the rejects file with its number and reason, nothing recorded twice however often
 * it runs, and a run killed in the middle going on from its last answered batch.
 */
class FeedImportEndToEndTest extends EmbeddedLedger {

    private static final String HEADER = "citizenId,jurisdiction,month,scheme,paidOn,transferredFrom";

    @TempDir
    Path folder;

    @Test
    void bad_lines_are_set_aside_with_their_reason_and_a_second_run_records_nothing() throws Exception {
        CitizenId first = issuedCitizen();
        CitizenId second = issuedCitizen();
        CitizenId unknown = newCitizen();
        Path feed = folder.resolve("2024-02.csv");
        Files.write(feed, List.of(HEADER,
                first.value() + ",533102,2024-01,PENSION,,",                     // 2 recorded
                first.value() + ",533102,2024-02,PENSION,2024-03-10,",           // 3 recorded
                second.value() + ",533102,2024-01,MEDICAL,,\"530102\"",          // 4 recorded, quoted field
                first.value() + ",533102,2024-13,PENSION,,",                     // 5 rejected: no such month
                unknown.value() + ",533102,2024-01,PENSION,,",                   // 6 rejected: no holder
                second.value() + ",533102,2099-01,PENSION,,",                    // 7 rejected: future
                "",                                                              // 8 blank: passed over
                first.value() + ",533102,2024-01",                               // 9 rejected: 3 columns
                first.value() + ",\"533102,2024-01,PENSION,,",                   // 10 rejected: open quote
                second.value() + ",533102,1930-01,PENSION,,",                    // 11 rejected: before birth
                first.value() + ",533102,2024-01,PENSION,,",                     // 12 already (line 2)
                second.value() + ",533102,2024-02,SPACE_TRAVEL,,",               // 13 rejected: scheme
                second.value() + ",533102,2024-02,UNEMPLOYMENT,,",               // 14 recorded
                // 15 refused by the holder itself, in the same transaction as line 16: that one is still recorded
                second.value() + ",533102,2024-03,PENSION,2024-01-05,",
                first.value() + ",533102,2024-03,PENSION,,"));                   // 16 recorded
        long before = eventCount();

        Summary summary = InsuranceFeedImport.importFeed(feed, registrar(), 3, false, quiet());
        assertThat(summary).isEqualTo(new Summary(14, 5, 1, 8));
        assertThat(eventCount()).isEqualTo(before + 5);

        List<String> rejects = Files.readAllLines(folder.resolve("2024-02.csv.rejects.csv"));
        assertThat(rejects.get(0)).isEqualTo("line,reason,row");
        assertThat(rejects.subList(1, rejects.size())).satisfiesExactlyInAnyOrder(
                line -> assertThat(line).startsWith("5,").contains("month").contains("YYYY-MM"),
                line -> assertThat(line).startsWith("6,").contains("no holder"),
                line -> assertThat(line).startsWith("7,").contains("in the future"),
                line -> assertThat(line).startsWith("9,").contains("3 columns"),
                line -> assertThat(line).startsWith("10,").contains("unbalanced quotes"),
                line -> assertThat(line).startsWith("11,").contains("before the person was born"),
                line -> assertThat(line).startsWith("13,").contains("scheme"),
                line -> assertThat(line).startsWith("15,").contains("paidOn").contains("before the month"));

        Summary again = InsuranceFeedImport.importFeed(feed, registrar(), 3, false, quiet());
        assertThat(again.recorded() + again.alreadyRecorded() + again.rejected()).as("nothing sent").isZero();
        Summary forced = InsuranceFeedImport.importFeed(feed, registrar(), 5, true, quiet());
        assertThat(forced).isEqualTo(new Summary(14, 0, 6, 8));
        assertThat(eventCount()).as("a feed sent twice records nothing twice").isEqualTo(before + 5);
        assertThat(Files.readAllLines(folder.resolve("2024-02.csv.rejects.csv"))).hasSize(9);
    }

    @Test
    void an_import_killed_in_the_middle_goes_on_from_its_last_batch_and_records_each_row_once() throws Exception {
        List<CitizenId> citizens = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            citizens.add(issuedCitizen());
        }
        Path feed = folder.resolve("large.csv");
        List<String> lines = pensionFeed(feed, citizens, YearMonth.of(2019, 1), 40);
        long before = eventCount();

        String token = ledger.services().tokens().issue("insurance-feed", "bureau", Duration.ofHours(1),
                List.of("REGISTRAR"));
        Process run = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "ledger.permit.infra.local.LocalLauncher",
                "import-insurance-feed", feed.toString(), "--command-url", ledger.client().commandUrl(),
                "--token", token, "--batch", "4")
                .redirectErrorStream(true).redirectOutput(folder.resolve("first-run.log").toFile()).start();
        Path progress = folder.resolve("large.csv.progress");
        await().atMost(Duration.ofSeconds(60)).until(() -> line(progress) > 100);
        run.destroyForcibly().waitFor();
        long reached = line(progress);
        assertThat(reached).as("killed before the end").isLessThan(lines.size());

        ByteArrayOutputStream said = new ByteArrayOutputStream();
        Summary resumed = InsuranceFeedImport.importFeed(feed, registrar(), 50, false,
                new PrintStream(said, true, StandardCharsets.UTF_8));
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("Going on after line " + reached);
        assertThat(resumed.rows()).isEqualTo(480);
        assertThat(resumed.rejected()).isZero();
        assertThat(resumed.recorded() + resumed.alreadyRecorded()).as("the rows after the checkpoint")
                .isEqualTo(lines.size() - reached);
        assertThat(eventCount()).as("each row once").isEqualTo(before + 480);
        assertThat(count("SELECT count(*) FROM (SELECT aggregateidentifier, payload FROM event_store.domainevententry "
                + "WHERE payloadtype LIKE '%SocialInsuranceMonthRecorded' GROUP BY 1, 2 HAVING count(*) > 1) twice"))
                .isZero();
    }

    /**
     * The feed records a chunk of holders in one transaction, with the holder's next sequence numbers; single
     * months sent to the same holders at the same moment take some of those numbers first. The chunk then goes
     * back and its rows are recorded one by one: no month twice, none lost, no gap in any stream.
     */
    @Test
    void feed_rows_and_single_months_on_the_same_holders_at_once_lose_nothing() throws Exception {
        Map<CitizenId, String> issued = issuedHolders(6);
        List<CitizenId> citizens = new ArrayList<>(issued.keySet());
        List<String> holders = new ArrayList<>(issued.values());
        Path feed = folder.resolve("concurrent.csv");
        pensionFeed(feed, citizens, YearMonth.of(2020, 1), 24);
        long before = eventCount();

        var singles = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<List<Integer>>> sent = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int thread = t;
            sent.add(singles.submit(() -> {
                List<Integer> statuses = new ArrayList<>();
                LedgerClient client = registrar();
                // every PENSION month of the feed, latest first, and a MEDICAL month the feed does not have
                for (int m = 23 - thread; m >= 0; m -= 3) {
                    for (String holder : holders) {
                        String month = YearMonth.of(2020, 1).plusMonths(m).toString();
                        for (String scheme : List.of("PENSION", "MEDICAL")) {
                            statuses.add(client.post("/api/v1/holders/" + holder + "/insurance-months",
                                    Map.of("jurisdiction", "533102", "month", month, "scheme", scheme)).status());
                        }
                    }
                }
                return statuses;
            }));
        }
        Summary summary = InsuranceFeedImport.importFeed(feed, registrar(), 24, false, quiet());
        List<Integer> statuses = new ArrayList<>();
        for (var f : sent) {
            statuses.addAll(f.get());
        }
        singles.shutdown();

        assertThat(statuses).hasSize(2 * 24 * 6).allSatisfy(status -> assertThat(status).isIn(200, 201));
        assertThat(summary.rejected()).isZero();
        assertThat(summary.recorded() + summary.alreadyRecorded()).isEqualTo(24 * 6);
        assertThat(eventCount()).as("each month of each scheme once").isEqualTo(before + 2 * 24 * 6);
        for (String holder : holders) {
            assertThat(count("SELECT count(*) - max(sequencenumber) - 1 FROM event_store.domainevententry "
                    + "WHERE aggregateidentifier = '" + holder + "'")).as("no gap in " + holder).isZero();
        }
        assertThat(count("SELECT count(*) FROM (SELECT aggregateidentifier, payload FROM event_store.domainevententry "
                + "WHERE payloadtype LIKE '%SocialInsuranceMonthRecorded' GROUP BY 1, 2 HAVING count(*) > 1) twice"))
                .isZero();
    }

    /**
     * With several batches in flight, a batch holding a citizen of an earlier batch still in flight waits for
     * that one's answer: each holder's months land on its stream in the file's order, and the checkpoint covers
     * the whole file.
     */
    @Test
    void with_batches_in_flight_each_holders_rows_are_recorded_in_the_files_order() throws Exception {
        Map<CitizenId, String> issued = issuedHolders(3);
        List<CitizenId> citizens = new ArrayList<>(issued.keySet());
        List<String> holders = new ArrayList<>(issued.values());
        Path feed = folder.resolve("in-flight.csv");
        // batches of two rows: each shares a citizen with the one before it
        List<String> lines = pensionFeed(feed, citizens, YearMonth.of(2021, 1), 16);
        long before = eventCount();

        Summary summary = InsuranceFeedImport.importFeed(feed, registrar(), 2, 6, false, quiet());

        assertThat(summary).isEqualTo(new Summary(3 * 16, 3 * 16, 0, 0));
        assertThat(eventCount()).isEqualTo(before + 3 * 16);
        assertThat(line(folder.resolve("in-flight.csv.progress"))).isEqualTo(lines.size());
        String month = "convert_from(payload, 'UTF8')::jsonb ->> 'month'";
        assertThat(count("SELECT count(*) FROM (SELECT " + month + " AS month, lag(" + month + ") OVER (PARTITION BY "
                + "aggregateidentifier ORDER BY sequencenumber) AS previous FROM event_store.domainevententry "
                + "WHERE aggregateidentifier IN ('" + String.join("','", holders) + "') "
                + "AND payloadtype LIKE '%SocialInsuranceMonthRecorded') months WHERE previous > month"))
                .as("months recorded after a later month of the same holder").isZero();
    }

    /** Writes a feed of {@code months} pension months from {@code first}, each month for every citizen; its lines. */
    private static List<String> pensionFeed(Path feed, List<CitizenId> citizens, YearMonth first, int months)
            throws java.io.IOException {
        List<String> lines = new ArrayList<>(List.of(HEADER));
        for (int m = 0; m < months; m++) {
            for (CitizenId citizen : citizens) {
                lines.add(citizen.value() + ",533102," + first.plusMonths(m) + ",PENSION,,");
            }
        }
        Files.write(feed, lines);
        return lines;
    }

    private LedgerClient registrar() {
        return ledger.services().client("insurance-feed", "bureau", "REGISTRAR");
    }

    /** {@code count} new citizens, each with a permit issued: citizen to holder, in the order made. */
    private Map<CitizenId, String> issuedHolders(int count) {
        Map<CitizenId, String> issued = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            CitizenId citizen = newCitizen();
            issued.put(citizen, issue(citizen));
        }
        return issued;
    }

    private CitizenId issuedCitizen() {
        CitizenId citizen = newCitizen();
        issue(citizen);
        return citizen;
    }

    /** Applies for and issues a permit to {@code citizen}; returns the holder. */
    private String issue(CitizenId citizen) {
        String holder = apply(citizen, "533102", "2018-01-01", "EMPLOYMENT", "2018-08-01");
        post(holder, "/issuance", Map.of("issuedOn", "2018-08-10"));
        return holder;
    }

    private static long line(Path progress) {
        if (!Files.isRegularFile(progress)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(progress)) {
            p.load(in);
        } catch (Exception e) {
            return 0;
        }
        return Long.parseLong(p.getProperty("line", "0"));
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
