package ledger.permit.query.statistics;

import ledger.permit.contracts.values.RegionCode;
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

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Aggregates over all holders, never a single person: every cell below the minimum count is suppressed
 * and marked, so that no one can be singled out. Counts are derived by the same rules as the entitlements.
 */
@Service
class Statistics {


    private final JdbcTemplate jdbc;
    private final PolicyCatalog policies;
    private final int minCount;

    Statistics(JdbcTemplate jdbc, PolicyCatalog policies, @Value("${ledger.statistics.min-count:10}") int minCount) {
        this.jdbc = jdbc;
        this.policies = policies;
        this.minCount = minCount;
    }

    /** The granularity of the jurisdiction in a cell. */
    enum Level { COUNTY, PREFECTURE, PROVINCE }

    /** One cell: its dimensions, and its count unless suppressed. */
    /** @param labels each region of the cell as the ledger names places: 德宏傣族景颇族自治州 533100 */
    record Cell(Map<String, String> dimensions, Map<String, String> labels, Long count, boolean suppressed) {
    }

    record Table(String title, int minCount, Level level, List<Cell> cells, long suppressedCells) {
    }

    Table holdersByStatus(Level level) {
        Map<List<String>, Long> counts = new TreeMap<>(Statistics::compare);
        jdbc.query("SELECT jurisdiction, permit_status, count(*) AS n FROM holder GROUP BY jurisdiction, permit_status",
                rs -> {
                    counts.merge(List.of(region(rs.getString("jurisdiction"), level), rs.getString("permit_status")),
                            rs.getLong("n"), Long::sum);
                });
        return table("holders by jurisdiction and permit status", level, List.of("jurisdiction", "permitStatus"),
                counts);
    }

    Table servicesByStatus(LocalDate on, Level level) {
        Map<List<String>, Long> counts = new TreeMap<>(Statistics::compare);
        eachHolder((jurisdiction, facts) -> {
            Assessment assessment = EntitlementRules.assess(facts, policies, on);
            PermitRecord permit = facts.permitOn(on);
            String where = region(permit == null ? jurisdiction : permit.jurisdiction().value(), level);
            for (ServiceAssessment service : assessment.services()) {
                counts.merge(List.of(where, service.code().name(), service.status().name()), 1L, Long::sum);
            }
        });
        return table("services by status on " + on + " (child services counted per child)", level,
                List.of("jurisdiction", "service", "status"), counts);
    }

    Table changesPerMonth(YearMonth from, YearMonth to, Level level) {
        Map<List<String>, Long> counts = new TreeMap<>(Statistics::compare);
        LocalDate last = to.atEndOfMonth();
        eachHolder((jurisdiction, facts) -> {
            for (PermitRecord permit : facts.permits()) {
                String where = region(permit.jurisdiction().value(), level);
                if (permit.endReason() == PermitRecord.EndReason.SETTLED) {
                    count(counts, permit.ended(), from, to, where, "SETTLEMENT");
                }
                Continuity continuity = ContinuityClock.on(permit, policies, facts.residence(), last);
                for (Continuity.Lapse lapse : continuity.lapses()) {
                    count(counts, lapse.suspendedFrom(), from, to, where, "SUSPENSION");
                    if (lapse.restoredOn() != null) {
                        count(counts, lapse.restoredOn(), from, to, where, "RESTORATION");
                    }
                }
            }
        });
        return table("settlements, suspensions and restorations per month", level,
                List.of("month", "jurisdiction", "change"), counts);
    }

    private static void count(Map<List<String>, Long> counts, LocalDate day, YearMonth from, YearMonth to,
                              String where, String change) {
        YearMonth month = YearMonth.from(day);
        if (!month.isBefore(from) && !month.isAfter(to)) {
            counts.merge(List.of(month.toString(), where, change), 1L, Long::sum);
        }
    }

    private void eachHolder(BiConsumer<String, HolderFacts> action) {
        jdbc.query("SELECT jurisdiction, facts::text AS facts FROM holder", (RowCallbackHandler) rs ->
                action.accept(rs.getString("jurisdiction"), StoredFacts.read(rs.getString("facts"))));
    }

    private Table table(String title, Level level, List<String> names, Map<List<String>, Long> counts) {
        List<Cell> cells = new ArrayList<>();
        long suppressed = 0;
        for (Map.Entry<List<String>, Long> entry : counts.entrySet()) {
            Map<String, String> dimensions = new java.util.LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                dimensions.put(names.get(i), entry.getKey().get(i));
            }
            boolean hide = entry.getValue() < minCount;
            suppressed += hide ? 1 : 0;
            String jurisdiction = dimensions.get("jurisdiction");
            Map<String, String> labels = jurisdiction == null || jurisdiction.equals("unknown") ? Map.of()
                    : Map.of("jurisdiction", Regions.label(jurisdiction));
            cells.add(new Cell(dimensions, labels, hide ? null : entry.getValue(), hide));
        }
        return new Table(title, minCount, level, cells, suppressed);
    }

    private static String region(String jurisdiction, Level level) {
        if (jurisdiction == null) {
            return "unknown";
        }
        RegionCode code = RegionCode.of(jurisdiction);
        return switch (level) {
            case COUNTY -> code.value();
            case PREFECTURE -> code.prefecture();
            case PROVINCE -> code.province();
        };
    }

    private static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
