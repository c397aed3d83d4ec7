package ledger.permit.query.statistics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cell suppression as a statistics office does it (τ-ARGUS's primary and secondary suppression): every cell below the
 * minimum count is hidden, and then, relation by relation, as many more as keep each hidden cell from being worked out
 * of the published ones. A relation is a sum the tables obey (a parent region is the sum of its children; a region's
 * holders by permit status number as many as its holders by any one service's status; the statuses of two services
 * add up alike). A relation would give a hidden cell away if it holds exactly one hidden cell, or hidden cells all
 * on one side that can only be ones (their known sum equals their number). Each time, the smallest published cell of
 * that relation is hidden too, until no relation gives one away. Pure: counts and relations in, hidden cells out.
 *
 * @param <K> a cell's key
 */
final class Suppression<K> {

    /** One cell of a relation and its sign: the relation says the signed counts of its cells add up to zero. */
    record Term<K>(K cell, int sign) {
    }

    /** A sum the published tables obey. */
    record Relation<K>(List<Term<K>> terms) {
    }

    private final Map<K, Long> counts;
    private final List<Relation<K>> relations;
    private final Comparator<K> order;

    /**
     * @param counts    every present cell's true count (a cell not present is zero, and known to be)
     * @param relations the sums the tables obey
     * @param order     how ties between cells of one count are broken, so that the same data hide the same cells
     */
    Suppression(Map<K, Long> counts, List<Relation<K>> relations, Comparator<K> order) {
        this.counts = counts;
        this.relations = relations;
        this.order = order;
    }

    /** The cells to hide: each below {@code minCount}, and those that keep them from being worked out. */
    Set<K> hidden(long minCount) {
        Set<K> hidden = new HashSet<>();
        counts.forEach((cell, count) -> {
            if (count < minCount) {
                hidden.add(cell);
            }
        });
        Map<K, List<Relation<K>>> relationsOf = new HashMap<>();
        for (Relation<K> relation : relations) {
            for (Term<K> term : relation.terms()) {
                relationsOf.computeIfAbsent(term.cell(), cell -> new ArrayList<>()).add(relation);
            }
        }
        Deque<Relation<K>> toCheck = new ArrayDeque<>(relations);
        while (!toCheck.isEmpty()) {
            Relation<K> relation = toCheck.pop();
            if (!givesAway(relation, hidden)) {
                continue;
            }
            K next = relation.terms().stream().map(Term::cell).filter(cell -> !hidden.contains(cell))
                    .min(Comparator.comparing((K cell) -> counts.get(cell)).thenComparing(order)).orElseThrow();
            hidden.add(next);
            toCheck.addAll(relationsOf.getOrDefault(next, List.of()));
            toCheck.push(relation);
        }
        return hidden;
    }

    /**
     * Whether the relation lets a hidden cell be worked out from the published ones: it holds published cells (so the
     * hidden ones' signed sum is known) and exactly one hidden cell, or hidden cells all of one sign whose known sum
     * equals their number (each is at least one, a present cell, so each is exactly one).
     */
    boolean givesAway(Relation<K> relation, Set<K> hidden) {
        int hiddenCount = 0;
        int published = 0;
        long knownSum = 0;
        int firstSign = 0;
        boolean oneSign = true;
        for (Term<K> term : relation.terms()) {
            if (hidden.contains(term.cell())) {
                hiddenCount++;
                if (firstSign == 0) {
                    firstSign = term.sign();
                } else if (term.sign() != firstSign) {
                    oneSign = false;
                }
            } else {
                published++;
                knownSum -= term.sign() * counts.get(term.cell());
            }
        }
        if (hiddenCount == 0 || published == 0) {
            return false;
        }
        return hiddenCount == 1 || oneSign && firstSign * knownSum == hiddenCount;
    }
}
