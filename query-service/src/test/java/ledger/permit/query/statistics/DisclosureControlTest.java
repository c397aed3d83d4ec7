package ledger.permit.query.statistics;

import ledger.permit.query.statistics.Tabulation.Cell;
import ledger.permit.query.statistics.Tabulation.Kind;
import ledger.permit.query.statistics.Tabulation.Level;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published tables single no one out: on generated populations (a few large counties, many small ones, rare
 * statuses), every cell below the minimum is hidden, every published cell is exact, and no attack a statistics analyst
 * would run on the published cells works out a hidden cell's true count: a parent region less its published
 * prefectures or counties, a region's holders by permit status against its holders by a service's status, one
 * service's statuses against another's, and the months of changes against the settled holders and suspended
 * services of today. The attacks are written here from the tables' meaning, not from the relations
 * the suppression uses.
 */
class DisclosureControlTest {

    private static final String[] COUNTIES = {"533102", "533103", "533122", "530302", "530381", "530902", "530921",
            "430102", "430181", "430202", "430302", "430602", "110105"};
    private static final String[] PERMITS = {"ISSUED", "ISSUED", "ISSUED", "APPLIED", "REFUSED", "SETTLED"};
    private static final String[] ADULT_SERVICES = {"LABOUR_EMPLOYMENT", "HOUSING_SECURITY", "HUKOU_SETTLEMENT"};
    private static final String[] STATUSES = {"ENTITLED", "ENTITLED", "NOT_YET", "NOT_YET", "SUSPENDED",
            "NOT_APPLICABLE"};
    private static final String[] MONTHS = {"2026-01", "2026-02", "2026-03", "2026-04"};
    private static final int MIN = 10;

    @Test
    void the_one_holder_of_mangshi_is_not_the_prefecture_less_ruili() {
        Map<List<String>, Long> holders = Map.of(List.of("533102", "ISSUED"), 91L, List.of("533103", "ISSUED"), 1L);
        Tabulation tabulation = new Tabulation(Map.of(Tabulation.HOLDERS, holders));
        Set<Cell> hidden = tabulation.hidden(MIN);
        assertThat(hidden).contains(new Cell(Kind.HOLDERS, Level.COUNTY, List.of("533103", "ISSUED")));
        boolean prefecturePublished = !hidden.contains(new Cell(Kind.HOLDERS, Level.PREFECTURE,
                List.of("533100", "ISSUED")));
        boolean ruiliPublished = !hidden.contains(new Cell(Kind.HOLDERS, Level.COUNTY, List.of("533102", "ISSUED")));
        assertThat(prefecturePublished && ruiliPublished).as("92 - 91 would give 芒市's one holder away").isFalse();
    }

    @Property(tries = 150)
    void no_attack_on_the_published_tables_works_out_a_hidden_cell(@ForAll @LongRange(min = 1) long seed,
                                                                    @ForAll @IntRange(min = 5, max = 400) int people) {
        Random random = new Random(seed);
        Map<List<String>, Long> holders = new HashMap<>();
        Map<List<String>, Long> services = new HashMap<>();
        Map<List<String>, Long> changes = new HashMap<>();
        for (int i = 0; i < people; i++) {
            // a few counties take most of the people, the rest a long tail
            String county = COUNTIES[Math.min(COUNTIES.length - 1, (int) Math.abs(random.nextGaussian() * 3))];
            String permit = PERMITS[random.nextInt(PERMITS.length)];
            holders.merge(List.of(county, permit), 1L, Long::sum);
            if (permit.equals("SETTLED")) {
                changes.merge(List.of(MONTHS[random.nextInt(MONTHS.length)], county, "SETTLEMENT"), 1L, Long::sum);
            }
            if (random.nextInt(5) == 0) {
                int lapsed = random.nextInt(MONTHS.length);
                changes.merge(List.of(MONTHS[lapsed], county, "SUSPENSION"), 1L, Long::sum);
                if (lapsed + 1 < MONTHS.length && random.nextBoolean()) {
                    changes.merge(List.of(MONTHS[lapsed + 1], county, "RESTORATION"), 1L, Long::sum);
                }
            }
            for (String service : ADULT_SERVICES) {
                services.merge(List.of(county, service, STATUSES[random.nextInt(STATUSES.length)]), 1L, Long::sum);
            }
            int children = random.nextInt(3);
            for (int c = 0; c < Math.max(1, children); c++) {
                for (String service : List.of("CHILD_HIGH_SCHOOL_ADMISSION", "CHILD_COLLEGE_EXAM")) {
                    services.merge(List.of(county, service, children == 0 ? "NOT_APPLICABLE"
                            : STATUSES[random.nextInt(4)]), 1L, Long::sum);
                }
            }
        }
        Tabulation tabulation = new Tabulation(Map.of(Tabulation.HOLDERS, holders, Tabulation.SERVICES, services,
                Tabulation.CHANGES, changes));
        Set<Cell> hidden = tabulation.hidden(MIN);
        Map<Cell, Long> truth = tabulation.counts();

        // every cell below the minimum hidden; the published ones as they are
        truth.forEach((cell, count) -> {
            if (count < MIN) {
                assertThat(hidden).as("seed %d: %s of %d", seed, cell, count).contains(cell);
            }
        });

        // a cell of the minimum or more is hidden only beside another hidden cell: a sibling region, its parent or
        // its parts, another status or service of its region
        List<Attack> attacks = attacks(truth);
        hidden.stream().filter(cell -> truth.get(cell) >= MIN).forEach(cell -> assertThat(attacks).as(
                "seed %d: %s hidden with none beside it", seed, cell).anyMatch(attack -> attack.cells().contains(cell)
                && attack.cells().stream().anyMatch(other -> !other.equals(cell) && hidden.contains(other))));

        for (Attack attack : attacks) {
            List<Cell> unknown = attack.plus().stream().filter(hidden::contains).toList();
            List<Cell> unknownMinus = attack.minus().stream().filter(hidden::contains).toList();
            if (unknown.size() + unknownMinus.size() == 0 || unknownMinus.size() + unknown.size()
                    == attack.plus().size() + attack.minus().size()) {
                continue;
            }
            // what the analyst knows: the hidden cells' signed sum
            long known = attack.minus().stream().filter(c -> !hidden.contains(c)).mapToLong(truth::get).sum()
                    - attack.plus().stream().filter(c -> !hidden.contains(c)).mapToLong(truth::get).sum();
            if (unknown.size() + unknownMinus.size() == 1) {
                throw new AssertionError("seed " + seed + ": " + attack.name() + " gives away "
                        + (unknown.isEmpty() ? unknownMinus : unknown));
            }
            // the plus side's hidden cells add up to known, the minus side's to -known
            if (unknownMinus.isEmpty() && known == unknown.size()) {
                throw new AssertionError("seed " + seed + ": " + attack.name() + " pins " + unknown + " to one each");
            }
            if (unknown.isEmpty() && -known == unknownMinus.size()) {
                throw new AssertionError("seed " + seed + ": " + attack.name() + " pins " + unknownMinus
                        + " to one each");
            }
        }
    }

    /** Sums an analyst knows hold: {@code plus} adds up to {@code minus}. */
    private record Attack(String name, List<Cell> plus, List<Cell> minus) {

        List<Cell> cells() {
            List<Cell> all = new ArrayList<>(plus);
            all.addAll(minus);
            return all;
        }
    }

    private static List<Attack> attacks(Map<Cell, Long> cells) {
        List<Attack> attacks = new ArrayList<>();
        // a region less its prefectures or counties, of one table, for each status (and month)
        for (Kind kind : List.of(Kind.HOLDERS, Kind.SERVICES, Kind.CHANGES)) {
            int at = kind == Kind.CHANGES ? 1 : 0;
            for (Level parent : List.of(Level.PREFECTURE, Level.PROVINCE)) {
                for (Level child : List.of(Level.COUNTY, Level.PREFECTURE)) {
                    if (child.ordinal() >= parent.ordinal()) {
                        continue;
                    }
                    Map<Cell, List<Cell>> parts = new LinkedHashMap<>();
                    cells.keySet().stream().filter(c -> c.kind() == kind && c.level() == child).forEach(c -> {
                        List<String> up = new ArrayList<>(c.dimensions());
                        up.set(at, Tabulation.region(c.dimensions().get(at), parent));
                        parts.computeIfAbsent(new Cell(kind, parent, up), p -> new ArrayList<>()).add(c);
                    });
                    parts.forEach((p, children) -> attacks.add(new Attack(p + " less its " + child, List.of(p),
                            children)));
                }
            }
        }
        // the months of changes against the tables for today: settled holders are every month's settlements, a
        // suspended service every month's suspensions less restorations
        for (Level level : Level.values()) {
            Map<List<String>, List<Cell>> months = new HashMap<>();
            cells.keySet().stream().filter(c -> c.kind() == Kind.CHANGES && c.level() == level).forEach(c ->
                    months.computeIfAbsent(List.of(c.dimensions().get(1), c.dimensions().get(2)),
                            k -> new ArrayList<>()).add(c));
            for (Cell c : cells.keySet()) {
                if (c.level() != level) {
                    continue;
                }
                String region = c.dimensions().get(0);
                if (c.kind() == Kind.HOLDERS && c.dimensions().get(1).equals("SETTLED")) {
                    attacks.add(new Attack(c + " against its months", List.of(c),
                            months.getOrDefault(List.of(region, "SETTLEMENT"), List.of())));
                }
                if (c.kind() == Kind.SERVICES && c.dimensions().get(2).equals("SUSPENDED")
                        && List.of(ADULT_SERVICES).contains(c.dimensions().get(1))) {
                    List<Cell> plus = new ArrayList<>(List.of(c));
                    plus.addAll(months.getOrDefault(List.of(region, "RESTORATION"), List.of()));
                    attacks.add(new Attack(c + " against its months", plus,
                            months.getOrDefault(List.of(region, "SUSPENSION"), List.of())));
                }
            }
        }
        for (Level level : Level.values()) {
            Map<String, List<Cell>> holders = new HashMap<>();
            Map<String, Map<String, List<Cell>>> services = new HashMap<>();
            cells.keySet().forEach(c -> {
                if (c.level() != level) {
                    return;
                }
                String region = c.dimensions().get(0);
                if (c.kind() == Kind.HOLDERS) {
                    holders.computeIfAbsent(region, r -> new ArrayList<>()).add(c);
                } else if (c.kind() == Kind.SERVICES) {
                    services.computeIfAbsent(region, r -> new HashMap<>())
                            .computeIfAbsent(c.dimensions().get(1), s -> new ArrayList<>()).add(c);
                }
            });
            services.forEach((region, byService) -> {
                List<String> adult = List.of(ADULT_SERVICES);
                for (String a : byService.keySet()) {
                    for (String b : byService.keySet()) {
                        boolean sameGroup = adult.contains(a) == adult.contains(b);
                        if (sameGroup && a.compareTo(b) < 0) {
                            attacks.add(new Attack(region + " " + a + " against " + b, byService.get(a),
                                    byService.get(b)));
                        }
                    }
                    if (adult.contains(a) && holders.containsKey(region)) {
                        attacks.add(new Attack(region + " holders against " + a, holders.get(region),
                                byService.get(a)));
                    }
                }
            });
        }
        return attacks;
    }
}
