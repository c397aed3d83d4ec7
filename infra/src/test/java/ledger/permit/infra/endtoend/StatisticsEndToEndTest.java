package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.RegionCode;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Statistics over the whole ledger, tried as a curious analyst would: every published cell is the read model's true
 * count, every cell below the minimum (10) is suppressed, and no region less its published parts, no table against
 * another published for the same day, and no two requests of overlapping months work a suppressed cell out.
 */
class StatisticsEndToEndTest extends EmbeddedLedger {

    private static final List<String> LEVELS = List.of("COUNTY", "PREFECTURE", "PROVINCE");

    @Test
    void no_suppressed_cell_is_worked_out_of_the_published_ones() throws Exception {
        // 德宏州: twelve holders in 瑞丽市 and one in 芒市; 湖南: eleven in 益阳, one in 张家界
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            recorded.add(issuedIn("533102"));
        }
        recorded.add(issuedIn("533103"));
        for (int i = 0; i < 11; i++) {
            recorded.add(issuedIn("430902"));
        }
        recorded.add(issuedIn("430802"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("SELECT count(*) FROM read_model.holder WHERE "
                + "permit_status = 'ISSUED' AND holder_id::text IN ('" + String.join("','", recorded) + "')")
                == recorded.size());

        Map<String, Map<List<String>, Long>> truth = holdersByLevel();
        Map<String, JsonNode> holders = new LinkedHashMap<>();
        Map<String, JsonNode> services = new LinkedHashMap<>();
        for (String level : LEVELS) {
            holders.put(level, get("/api/v1/statistics/holders?level=" + level));
            services.put(level, get("/api/v1/statistics/services?level=" + level));
        }
        for (String level : LEVELS) {
            JsonNode table = holders.get(level);
            assertThat(table.path("minCount").asInt()).isEqualTo(10);
            assertThat(table.path("protection").asText()).contains("suppression");
            Map<List<String>, Long> expected = truth.get(level);
            assertThat(table.path("cells")).hasSize(expected.size());
            for (JsonNode cell : table.path("cells")) {
                List<String> key = key(cell, "jurisdiction", "permitStatus");
                long count = expected.get(key);
                if (cell.path("suppressed").asBoolean()) {
                    assertThat(cell.path("count").isNull()).isTrue();
                } else {
                    assertThat(count).as("%s %s", level, key).isGreaterThanOrEqualTo(10);
                    assertThat(cell.path("count").asLong()).as("%s %s", level, key).isEqualTo(count);
                }
            }
        }
        JsonNode mangshi = cell(holders.get("COUNTY"), Map.of("jurisdiction", "533103", "permitStatus", "ISSUED"));
        assertThat(mangshi.path("suppressed").asBoolean()).as("芒市's holders are fewer than ten").isTrue();
        assertThat(cell(holders.get("PREFECTURE"), Map.of("jurisdiction", "430800", "permitStatus", "ISSUED"))
                .path("suppressed").asBoolean()).isTrue();

        List<Sum> sums = new ArrayList<>();
        sums.addAll(partsOf(holders, "permitStatus"));
        sums.addAll(partsOf(services, "service", "status"));
        for (String level : LEVELS) {
            sums.addAll(holdersAgainstServices(holders.get(level), services.get(level)));
        }
        assertThat(sums).as("the analyst's sums").isNotEmpty();
        sums.forEach(StatisticsEndToEndTest::assertGivesNothingAway);

        // changes: a month's cells are the same whatever range is asked, so that overlapping requests differ in none
        JsonNode year = get("/api/v1/statistics/changes?from=2020-01&to=2020-12&level=COUNTY");
        JsonNode september = get("/api/v1/statistics/changes?from=2020-09&to=2020-09&level=COUNTY");
        JsonNode autumn = get("/api/v1/statistics/changes?from=2020-08&to=2020-10&level=COUNTY");
        List<JsonNode> septemberOfYear = month(year, "2020-09");
        assertThat(septemberOfYear).isEqualTo(month(september, "2020-09")).isEqualTo(month(autumn, "2020-09"));
        assertThat(septemberOfYear).as("益阳's eleven suspended in September 2020").isNotEmpty();
        // every month there is, against the tables for today: settled holders and suspended services
        java.time.YearMonth now = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai"));
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        for (String level : LEVELS) {
            changes.put(level, get("/api/v1/statistics/changes?from=" + now.minusYears(29) + "&to=" + now
                    + "&level=" + level));
            monthsAgainstToday(holders.get(level), services.get(level), changes.get(level))
                    .forEach(StatisticsEndToEndTest::assertGivesNothingAway);
        }
        partsOf(changes, "month", "change").forEach(StatisticsEndToEndTest::assertGivesNothingAway);

        assertThat(ledger.client().get("/api/v1/statistics/holders?level=STREET").status()).isEqualTo(400);
        assertThat(ledger.client().get("/api/v1/statistics/changes?from=2021-01&to=2020-01").status()).isEqualTo(400);
    }

    /** Cells that add up: {@code plus} to {@code minus}, as the tables' meaning says. */
    private record Sum(String name, List<JsonNode> plus, List<JsonNode> minus) {
    }

    /**
     * Fails if the published cells of the sum pin a suppressed one: it is the only one suppressed, or the suppressed
     * ones are all on one side and their known total equals their number (each then holds exactly one).
     */
    private static void assertGivesNothingAway(Sum sum) {
        long known = 0;
        int hiddenPlus = 0;
        int hiddenMinus = 0;
        for (JsonNode cell : sum.plus()) {
            if (cell.path("suppressed").asBoolean()) {
                hiddenPlus++;
            } else {
                known -= cell.path("count").asLong();
            }
        }
        for (JsonNode cell : sum.minus()) {
            if (cell.path("suppressed").asBoolean()) {
                hiddenMinus++;
            } else {
                known += cell.path("count").asLong();
            }
        }
        int hidden = hiddenPlus + hiddenMinus;
        if (hidden == 0 || hidden == sum.plus().size() + sum.minus().size()) {
            return;
        }
        assertThat(hidden).as("%s gives its one suppressed cell away", sum.name()).isGreaterThan(1);
        // the plus side's suppressed cells add up to known, the minus side's to -known
        if (hiddenMinus == 0) {
            assertThat(known).as("%s pins its suppressed cells to one each", sum.name()).isNotEqualTo(hiddenPlus);
        }
        if (hiddenPlus == 0) {
            assertThat(-known).as("%s pins its suppressed cells to one each", sum.name()).isNotEqualTo(hiddenMinus);
        }
    }

    /** Each region of a table, for every value of the other dimensions, is the sum of its prefectures or counties. */
    private static List<Sum> partsOf(Map<String, JsonNode> byLevel, String... others) {
        List<Sum> sums = new ArrayList<>();
        for (String[] pair : new String[][]{{"PREFECTURE", "COUNTY"}, {"PROVINCE", "PREFECTURE"},
                {"PROVINCE", "COUNTY"}}) {
            Map<List<String>, JsonNode> parents = new HashMap<>();
            byLevel.get(pair[0]).path("cells").forEach(c -> parents.put(key(c, with("jurisdiction", others)), c));
            Map<List<String>, List<JsonNode>> parts = new LinkedHashMap<>();
            for (JsonNode child : byLevel.get(pair[1]).path("cells")) {
                List<String> up = new ArrayList<>(key(child, with("jurisdiction", others)));
                up.set(0, region(up.get(0), pair[0]));
                parts.computeIfAbsent(up, k -> new ArrayList<>()).add(child);
            }
            parts.forEach((parent, children) -> {
                assertThat(parents).as("%s has a cell for its parts", parent).containsKey(parent);
                sums.add(new Sum(parent + " less its " + pair[1], List.of(parents.get(parent)), children));
            });
        }
        return sums;
    }

    /**
     * A region's settled holders are its settlements of every month; its holders of an adult service suspended are
     * its suspensions less its restorations (Art. 10 suspends every service of the permit).
     */
    private static List<Sum> monthsAgainstToday(JsonNode holders, JsonNode services, JsonNode changes) {
        Map<List<String>, List<JsonNode>> months = new HashMap<>();
        changes.path("cells").forEach(c -> months.computeIfAbsent(key(c, "jurisdiction", "change"),
                k -> new ArrayList<>()).add(c));
        List<Sum> sums = new ArrayList<>();
        holders.path("cells").forEach(c -> {
            List<String> key = key(c, "jurisdiction", "permitStatus");
            if (key.get(1).equals("SETTLED")) {
                sums.add(new Sum(key + " against its months", List.of(c),
                        months.getOrDefault(List.of(key.get(0), "SETTLEMENT"), List.of())));
            }
        });
        services.path("cells").forEach(c -> {
            List<String> key = key(c, "jurisdiction", "service", "status");
            if (key.get(2).equals("SUSPENDED") && !key.get(1).startsWith("CHILD_")) {
                List<JsonNode> plus = new ArrayList<>(List.of(c));
                plus.addAll(months.getOrDefault(List.of(key.get(0), "RESTORATION"), List.of()));
                sums.add(new Sum(key + " against its months", plus,
                        months.getOrDefault(List.of(key.get(0), "SUSPENSION"), List.of())));
            }
        });
        return sums;
    }

    /** A region's holders by permit status number as many as its holders by each service's status, today. */
    private static List<Sum> holdersAgainstServices(JsonNode holders, JsonNode services) {
        Map<String, List<JsonNode>> holdersOf = new HashMap<>();
        holders.path("cells").forEach(c -> holdersOf.computeIfAbsent(c.path("dimensions").path("jurisdiction")
                .asText(), r -> new ArrayList<>()).add(c));
        Map<List<String>, List<JsonNode>> serviceOf = new LinkedHashMap<>();
        services.path("cells").forEach(c -> serviceOf.computeIfAbsent(key(c, "jurisdiction", "service"),
                k -> new ArrayList<>()).add(c));
        List<Sum> sums = new ArrayList<>();
        serviceOf.forEach((regionService, cells) -> {
            if (!regionService.get(1).startsWith("CHILD_") && holdersOf.containsKey(regionService.get(0))) {
                sums.add(new Sum(regionService + " against the holders", holdersOf.get(regionService.get(0)),
                        cells));
            }
        });
        return sums;
    }

    /** The read model's holders by jurisdiction and permit status at each level. */
    private Map<String, Map<List<String>, Long>> holdersByLevel() throws SQLException {
        Map<String, Map<List<String>, Long>> byLevel = new HashMap<>();
        LEVELS.forEach(level -> byLevel.put(level, new HashMap<>()));
        var db = ledger.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT coalesce(jurisdiction, 'unknown'), "
                     + "permit_status, count(*) FROM read_model.holder GROUP BY 1, 2")) {
            while (rows.next()) {
                for (String level : LEVELS) {
                    byLevel.get(level).merge(List.of(region(rows.getString(1), level), rows.getString(2)),
                            rows.getLong(3), Long::sum);
                }
            }
        }
        return byLevel;
    }

    private static String region(String jurisdiction, String level) {
        if (jurisdiction.equals("unknown")) {
            return jurisdiction;
        }
        RegionCode code = RegionCode.of(jurisdiction);
        return switch (level) {
            case "COUNTY" -> code.value();
            case "PREFECTURE" -> code.prefecture();
            default -> code.province();
        };
    }

    /** A holder issued a permit on 2019-09-16 and never endorsed: suspended from 2020-09-16. */
    private String issuedIn(String jurisdiction) {
        String holderId = apply(newCitizen(), jurisdiction, "2019-03-01", "EMPLOYMENT", "2019-09-02");
        post(holderId, "/issuance", Map.of("issuedOn", "2019-09-16"));
        return holderId;
    }

    private JsonNode get(String path) {
        var response = ledger.client().get(path);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static List<JsonNode> month(JsonNode table, String month) {
        List<JsonNode> cells = new ArrayList<>();
        table.path("cells").forEach(c -> {
            if (c.path("dimensions").path("month").asText().equals(month)) {
                cells.add(c);
            }
        });
        return cells;
    }

    private static String[] with(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static List<String> key(JsonNode cell, String... dimensions) {
        List<String> key = new ArrayList<>();
        for (String d : dimensions) {
            key.add(cell.path("dimensions").path(d).asText());
        }
        return key;
    }

    private static JsonNode cell(JsonNode table, Map<String, String> dimensions) {
        for (JsonNode cell : table.path("cells")) {
            boolean match = dimensions.entrySet().stream()
                    .allMatch(d -> cell.path("dimensions").path(d.getKey()).asText().equals(d.getValue()));
            if (match) {
                return cell;
            }
        }
        throw new AssertionError("no cell " + dimensions + " in " + table);
    }
}
