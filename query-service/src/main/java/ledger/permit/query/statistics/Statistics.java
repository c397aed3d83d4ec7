package ledger.permit.query.statistics;

import ledger.permit.contracts.values.Regions;
import ledger.permit.rules.Assessment;
import ledger.permit.rules.EntitlementRules;
import ledger.permit.rules.ServiceAssessment;
import ledger.permit.rules.clock.Continuity;
import ledger.permit.rules.clock.ContinuityClock;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.storedfacts.StoredFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.policy.PolicyCatalog;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Aggregates over all holders, never a single person. Every cell below the minimum count is hidden, and so is every
 * cell that would let a hidden one be worked out of the published ones, across the three levels, the holders and the
 * services tables published for today, two services of one region, and the months of the changes table
 * ({@link Suppression}, {@link Tabulation}). Published counts are exact. Counts are derived by the same rules as the
 * entitlements.
 */
@Service
class Statistics {

    private final JdbcTemplate jdbc;
    private final PolicyCatalog policies;
    private final Clock clock;
    private final int minCount;

    Statistics(JdbcTemplate jdbc, PolicyCatalog policies, Clock clock,
               @Value("${ledger.statistics.min-count:10}") int minCount) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.clock = clock;
        this.minCount = minCount;
    }

    /**
     * One cell: its dimensions, and its count unless suppressed.
     *
     * @param labels each region of the cell as the ledger names places: 德宏傣族景颇族自治州 533100
     */
    record Cell(Map<String, String> dimensions, Map<String, String> labels, Long count, boolean suppressed) {
    }

    /** @param protection how the table keeps anyone from being singled out */
    record Table(String title, int minCount, Tabulation.Level level, List<Cell> cells, long suppressedCells,
                 String protection) {
    }

    static final String PROTECTION = "cell suppression: every cell below minCount is hidden, and every cell that "
            + "would let a hidden one be worked out of the published cells of any level, of the holders and services "
            + "tables for today, or of two services of one region; published counts are exact";

    Table holdersByStatus(Tabulation.Level level) {
        LocalDate today = LocalDate.now(clock);
        Tabulation tabulation = new Tabulation(Map.of(Tabulation.HOLDERS, holderCounts(),
                Tabulation.SERVICES, serviceCounts(today)));
        return table("holders by jurisdiction and permit status", tabulation, Tabulation.HOLDERS, level);
    }

    Table servicesByStatus(LocalDate on, Tabulation.Level level) {
        Map<Tabulation.Layout, Map<List<String>, Long>> tables = new LinkedHashMap<>();
        tables.put(Tabulation.SERVICES, serviceCounts(on));
        if (on.equals(LocalDate.now(clock))) {
            // published for the same day as the holders table: the two are protected together
            tables.put(Tabulation.HOLDERS, holderCounts());
        }
        return table("services by status on " + on + " (child services counted per child)", new Tabulation(tables),
                Tabulation.SERVICES, level);
    }

    /** Each month's table is protected on its own, so that no two requests of overlapping months differ in a cell. */
    Table changesPerMonth(YearMonth from, YearMonth to, Tabulation.Level level) {
        Map<YearMonth, Map<List<String>, Long>> months = new TreeMap<>();
        LocalDate last = to.atEndOfMonth();
        eachHolder((jurisdiction, facts) -> {
            for (PermitRecord permit : facts.permits()) {
                String where = permit.jurisdiction().value();
                if (permit.endReason() == PermitRecord.EndReason.SETTLED) {
                    count(months, permit.ended(), from, to, where, "SETTLEMENT");
                }
                Continuity continuity = ContinuityClock.on(permit, policies, facts.residence(), last);
                for (Continuity.Lapse lapse : continuity.lapses()) {
                    count(months, lapse.suspendedFrom(), from, to, where, "SUSPENSION");
                    if (lapse.restoredOn() != null) {
                        count(months, lapse.restoredOn(), from, to, where, "RESTORATION");
                    }
                }
            }
        });
        List<Cell> cells = new ArrayList<>();
        long suppressed = 0;
        for (Map<List<String>, Long> month : months.values()) {
            Table one = table("", new Tabulation(Map.of(Tabulation.CHANGES, month)), Tabulation.CHANGES, level);
            cells.addAll(one.cells());
            suppressed += one.suppressedCells();
        }
        return new Table("settlements, suspensions and restorations per month", minCount, level, cells, suppressed,
                PROTECTION);
    }

    private Map<List<String>, Long> holderCounts() {
        Map<List<String>, Long> counts = new HashMap<>();
        jdbc.query("SELECT jurisdiction, permit_status, count(*) AS n FROM holder GROUP BY jurisdiction, permit_status",
                rs -> {
                    String jurisdiction = rs.getString("jurisdiction");
                    counts.merge(List.of(jurisdiction == null ? "unknown" : jurisdiction,
                            rs.getString("permit_status")), rs.getLong("n"), Long::sum);
                });
        return counts;
    }

    private Map<List<String>, Long> serviceCounts(LocalDate on) {
        Map<List<String>, Long> counts = new HashMap<>();
        eachHolder((jurisdiction, facts) -> {
            Assessment assessment = EntitlementRules.assess(facts, policies, on);
            PermitRecord permit = facts.permitOn(on);
            String where = permit != null ? permit.jurisdiction().value() : jurisdiction == null ? "unknown"
                    : jurisdiction;
            for (ServiceAssessment service : assessment.services()) {
                counts.merge(List.of(where, service.code().name(), service.status().name()), 1L, Long::sum);
            }
        });
        return counts;
    }

    private static void count(Map<YearMonth, Map<List<String>, Long>> months, LocalDate day, YearMonth from,
                              YearMonth to, String where, String change) {
        YearMonth month = YearMonth.from(day);
        if (!month.isBefore(from) && !month.isAfter(to)) {
            months.computeIfAbsent(month, m -> new HashMap<>())
                    .merge(List.of(month.toString(), where, change), 1L, Long::sum);
        }
    }

    private void eachHolder(BiConsumer<String, HolderFacts> action) {
        jdbc.query("SELECT jurisdiction, facts::text AS facts FROM holder", (RowCallbackHandler) rs ->
                action.accept(rs.getString("jurisdiction"), StoredFacts.read(rs.getString("facts"))));
    }

    private Table table(String title, Tabulation tabulation, Tabulation.Layout layout, Tabulation.Level level) {
        Set<Tabulation.Cell> hidden = tabulation.hidden(minCount);
        List<Cell> cells = new ArrayList<>();
        long suppressed = 0;
        for (Map.Entry<List<String>, Long> entry : tabulation.table(layout.kind(), level).entrySet()) {
            Map<String, String> dimensions = new LinkedHashMap<>();
            for (int i = 0; i < layout.names().size(); i++) {
                dimensions.put(layout.names().get(i), entry.getKey().get(i));
            }
            boolean hide = hidden.contains(new Tabulation.Cell(layout.kind(), level, entry.getKey()));
            suppressed += hide ? 1 : 0;
            String jurisdiction = dimensions.get("jurisdiction");
            Map<String, String> labels = jurisdiction == null || jurisdiction.equals("unknown") ? Map.of()
                    : Map.of("jurisdiction", Regions.label(jurisdiction));
            cells.add(new Cell(dimensions, labels, hide ? null : entry.getValue(), hide));
        }
        return new Table(title, minCount, level, cells, suppressed, PROTECTION);
    }
}
