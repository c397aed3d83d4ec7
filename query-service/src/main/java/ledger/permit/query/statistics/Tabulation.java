package ledger.permit.query.statistics;

import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.RegionCode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The tables that are published together, at every level, and the sums they obey: what the suppression of one
 * published table must take into account so that no other published table, and no other level of it, gives a
 * hidden cell away. Pure: county-level counts in, cells of every level and their relations out.
 */
final class Tabulation {

    /** The granularity of the jurisdiction in a cell. */
    enum Level { COUNTY, PREFECTURE, PROVINCE }

    /** Which published table a cell belongs to. */
    enum Kind { HOLDERS, SERVICES, CHANGES }

    /**
     * One cell of one table at one level.
     *
     * @param dimensions its values, in the table's order, the jurisdiction among them
     */
    record Cell(Kind kind, Level level, List<String> dimensions) {
    }

    /** A table's layout: its dimensions' names and which of them is the jurisdiction. */
    record Layout(Kind kind, List<String> names, int region) {
    }

    static final Layout HOLDERS = new Layout(Kind.HOLDERS, List.of("jurisdiction", "permitStatus"), 0);
    static final Layout SERVICES = new Layout(Kind.SERVICES, List.of("jurisdiction", "service", "status"), 0);
    static final Layout CHANGES = new Layout(Kind.CHANGES, List.of("month", "jurisdiction", "change"), 1);

    private final Map<Cell, Long> counts = new HashMap<>();
    private final List<Suppression.Relation<Cell>> relations = new ArrayList<>();

    /**
     * @param tables each table's layout and its county-level counts (a jurisdiction of "unknown" has no level above)
     */
    Tabulation(Map<Layout, Map<List<String>, Long>> tables) {
        tables.forEach((layout, countyCounts) -> {
            countyCounts.forEach((dimensions, count) -> {
                for (Level level : Level.values()) {
                    counts.merge(new Cell(layout.kind(), level, at(layout, dimensions, level)), count, Long::sum);
                }
            });
            hierarchy(layout);
        });
        if (tables.containsKey(SERVICES)) {
            serviceBlocks(tables.containsKey(HOLDERS));
        }
        if (tables.containsKey(CHANGES)) {
            changeTotals();
        }
    }

    /** Every present cell's count. */
    Map<Cell, Long> counts() {
        return counts;
    }

    List<Suppression.Relation<Cell>> relations() {
        return relations;
    }

    /** The cells hidden: below {@code minCount}, and those that keep them from being worked out. */
    Set<Cell> hidden(long minCount) {
        Comparator<Cell> order = Comparator.comparing((Cell c) -> c.kind()).thenComparing(Cell::level)
                .thenComparing(c -> String.join("/", c.dimensions()));
        return new Suppression<>(counts, relations, order).hidden(minCount);
    }

    /** The cells of one table at one level, each with its count, in key order. */
    Map<List<String>, Long> table(Kind kind, Level level) {
        Map<List<String>, Long> cells = new TreeMap<>(Tabulation::compare);
        counts.forEach((cell, count) -> {
            if (cell.kind() == kind && cell.level() == level) {
                cells.put(cell.dimensions(), count);
            }
        });
        return cells;
    }

    /** The dimensions with the jurisdiction at {@code level}. */
    private static List<String> at(Layout layout, List<String> dimensions, Level level) {
        List<String> moved = new ArrayList<>(dimensions);
        moved.set(layout.region(), region(dimensions.get(layout.region()), level));
        return List.copyOf(moved);
    }

    static String region(String jurisdiction, Level level) {
        if (jurisdiction == null || jurisdiction.equals("unknown")) {
            return "unknown";
        }
        RegionCode code = RegionCode.of(jurisdiction);
        return switch (level) {
            case COUNTY -> code.value();
            case PREFECTURE -> code.prefecture();
            case PROVINCE -> code.province();
        };
    }

    /**
     * Each region's cell is the sum of its prefectures' or counties' cells, for every value of the other dimensions: a
     * province of its prefectures and of its counties, a prefecture of its counties.
     */
    private void hierarchy(Layout layout) {
        for (Level[] pair : new Level[][]{{Level.COUNTY, Level.PREFECTURE}, {Level.PREFECTURE, Level.PROVINCE},
                {Level.COUNTY, Level.PROVINCE}}) {
            Level child = pair[0];
            Level parent = pair[1];
            Map<Cell, List<Cell>> children = new LinkedHashMap<>();
            counts.keySet().stream().filter(c -> c.kind() == layout.kind() && c.level() == child)
                    .sorted(Comparator.comparing(c -> String.join("/", c.dimensions())))
                    .forEach(c -> children.computeIfAbsent(new Cell(layout.kind(), parent,
                            at(layout, c.dimensions(), parent)), p -> new ArrayList<>()).add(c));
            children.forEach((p, cells) -> {
                List<Suppression.Term<Cell>> terms = new ArrayList<>();
                terms.add(new Suppression.Term<>(p, 1));
                cells.forEach(c -> terms.add(new Suppression.Term<>(c, -1)));
                relations.add(new Suppression.Relation<>(terms));
            });
        }
    }

    /**
     * Every holder has one row for each service that is not a child's, and every child one for each child service:
     * within a region, the statuses of two such services add up alike, and, where the holders table is published
     * with them, to the region's holders by permit status.
     */
    private void serviceBlocks(boolean withHolders) {
        for (Level level : Level.values()) {
            Map<String, Map<String, List<Cell>>> byRegion = new TreeMap<>();
            counts.keySet().stream().filter(c -> c.kind() == Kind.SERVICES && c.level() == level)
                    .forEach(c -> byRegion.computeIfAbsent(c.dimensions().get(0), r -> new TreeMap<>())
                            .computeIfAbsent(c.dimensions().get(1), s -> new ArrayList<>()).add(c));
            Map<String, List<Cell>> holdersByRegion = counts.keySet().stream()
                    .filter(c -> c.kind() == Kind.HOLDERS && c.level() == level)
                    .collect(Collectors.groupingBy(c -> c.dimensions().get(0)));
            byRegion.forEach((region, services) -> {
                for (boolean children : List.of(false, true)) {
                    List<String> group = services.keySet().stream()
                            .filter(s -> ServiceCode.valueOf(s).forChild() == children).toList();
                    for (int i = 0; i < group.size(); i++) {
                        for (int j = i + 1; j < group.size(); j++) {
                            relations.add(difference(services.get(group.get(i)), services.get(group.get(j))));
                        }
                        if (!children && withHolders && holdersByRegion.containsKey(region)) {
                            relations.add(difference(holdersByRegion.get(region), services.get(group.get(i))));
                        }
                    }
                }
            });
        }
    }

    /**
     * The months of the changes table, all of them, add up to what the other tables show now: a region's holders
     * settled are its settlements of every month; its holders of an adult service suspended are its suspensions less
     * its restorations (Art. 10 suspends every service of the permit). Where a sum holds only nearly, modelling it
     * only hides more.
     */
    private void changeTotals() {
        for (Level level : Level.values()) {
            Map<List<String>, List<Cell>> byRegionAndChange = new TreeMap<>(Tabulation::compare);
            counts.keySet().stream().filter(c -> c.kind() == Kind.CHANGES && c.level() == level)
                    .forEach(c -> byRegionAndChange.computeIfAbsent(List.of(c.dimensions().get(1),
                            c.dimensions().get(2)), k -> new ArrayList<>()).add(c));
            Map<String, List<Cell>> settled = new TreeMap<>();
            Map<String, Map<String, List<Cell>>> suspended = new TreeMap<>();
            counts.keySet().stream().filter(c -> c.level() == level).forEach(c -> {
                if (c.kind() == Kind.HOLDERS && c.dimensions().get(1).equals("SETTLED")) {
                    settled.computeIfAbsent(c.dimensions().get(0), r -> new ArrayList<>()).add(c);
                } else if (c.kind() == Kind.SERVICES && c.dimensions().get(2).equals("SUSPENDED")
                        && !ServiceCode.valueOf(c.dimensions().get(1)).forChild()) {
                    suspended.computeIfAbsent(c.dimensions().get(0), r -> new TreeMap<>())
                            .computeIfAbsent(c.dimensions().get(1), x -> new ArrayList<>()).add(c);
                }
            });
            settled.forEach((region, cells) -> relations.add(difference(cells,
                    byRegionAndChange.getOrDefault(List.of(region, "SETTLEMENT"), List.of()))));
            suspended.forEach((region, services) -> services.values().forEach(cells -> {
                List<Cell> plus = new ArrayList<>(cells);
                plus.addAll(byRegionAndChange.getOrDefault(List.of(region, "RESTORATION"), List.of()));
                relations.add(difference(plus, byRegionAndChange.getOrDefault(List.of(region, "SUSPENSION"),
                        List.of())));
            }));
        }
    }

    private static Suppression.Relation<Cell> difference(List<Cell> plus, List<Cell> minus) {
        List<Suppression.Term<Cell>> terms = new ArrayList<>();
        plus.forEach(c -> terms.add(new Suppression.Term<>(c, 1)));
        minus.forEach(c -> terms.add(new Suppression.Term<>(c, -1)));
        return new Suppression.Relation<>(terms);
    }

    static int compare(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
