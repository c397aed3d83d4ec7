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
import java.util.function.BiConsumer;

/**
 * Aggregates over all holders, never a single person. Every cell below the minimum count is hidden, and so is every
 * cell that would let a hidden one be worked out of the published ones, across the three levels, the holders and the
 * services tables published for today, two services of one region, and every month of the changes table with what
 * the months add up to today ({@link Suppression}, {@link Tabulation}). Published counts are exact. Counts are derived
 * by the same rules as the entitlements.
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
            + "tables for today and the months of changes, or of two services of one region; published counts are "
            + "exact";

    Table holdersByStatus(Tabulation.Level level) {
        return table("holders by jurisdiction and permit status", today(), Tabulation.HOLDERS, level);
    }

    Table servicesByStatus(LocalDate on, Tabulation.Level level) {
        String title = "services by status on " + on + " (child services counted per child)";
        if (on.equals(LocalDate.now(clock))) {
            // published for the same day as the holders table: the two are protected together
            return table(title, today(), Tabulation.SERVICES, level);
        }
        return table(title, new Tabulation(Map.of(Tabulation.SERVICES, serviceCounts(on))), Tabulation.SERVICES,
                level);
    }

    /**
     * Every month, whatever range is asked, is protected with every other and with the tables for today, whose
     * settled holders and suspended services its months add up to: no two requests differ in a month's cell.
     */
    Table changesPerMonth(YearMonth from, YearMonth to, Tabulation.Level level) {
        Table all = table("settlements, suspensions and restorations per month", today(), Tabulation.CHANGES,
                level);
        List<Cell> cells = all.cells().stream().filter(cell -> {
            YearMonth month = YearMonth.parse(cell.dimensions().get("month"));
            return !month.isBefore(from) && !month.isAfter(to);
        }).toList();
        return new Table(all.title(), minCount, level, cells, cells.stream().filter(Cell::suppressed).count(),
                PROTECTION);
    }

    /** The tables published for today, and every month of changes up to now, to be protected together. */
    private Tabulation today() {
        LocalDate today = LocalDate.now(clock);
        return new Tabulation(Map.of(Tabulation.HOLDERS, holderCounts(), Tabulation.SERVICES, serviceCounts(today),
                Tabulation.CHANGES, changeCounts(today)));
    }

    /** Settlements, suspensions and restorations of every month up to {@code today}'s, per jurisdiction. */
    private Map<List<String>, Long> changeCounts(LocalDate today) {
        Map<List<String>, Long> counts = new HashMap<>();
        YearMonth last = YearMonth.from(today);
        BiConsumer<LocalDate, List<String>> count = (day, whereAndWhat) -> {
            YearMonth month = YearMonth.from(day);
            if (!month.isAfter(last)) {
                counts.merge(List.of(month.toString(), whereAndWhat.get(0), whereAndWhat.get(1)), 1L, Long::sum);
            }
        };
        eachHolder((jurisdiction, facts) -> {
            for (PermitRecord permit : facts.permits()) {
                String where = permit.jurisdiction().value();
                if (permit.endReason() == PermitRecord.EndReason.SETTLED) {
                    count.accept(permit.ended(), List.of(where, "SETTLEMENT"));
                }
                Continuity continuity = ContinuityClock.on(permit, policies, facts.residence(), last.atEndOfMonth());
                for (Continuity.Lapse lapse : continuity.lapses()) {
                    count.accept(lapse.suspendedFrom(), List.of(where, "SUSPENSION"));
                    if (lapse.restoredOn() != null) {
                        count.accept(lapse.restoredOn(), List.of(where, "RESTORATION"));
                    }
                }
            }
        });
        return counts;
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
