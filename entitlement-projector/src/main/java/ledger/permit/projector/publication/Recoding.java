package ledger.permit.projector.publication;

import ledger.permit.projector.publication.Generalisation.Profile;
import ledger.permit.projector.publication.Generalisation.Tuple;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Decides at which level of the {@link Generalisation} chain the holders of each tuple are published, so that every
 * published profile is shared by at least k holders (k-anonymity by local recoding). A tuple's level, once decided,
 * never changes: a holder's messages then never show two profiles that together say more than either, and a class
 * once published only grows. Each new tuple goes to the finest level at which its profile's class (the holders of
 * the tuples already there, and of the new tuples that go there with it) reaches k; at a level coarser than the
 * finest, only once it has waited {@code wait} for a finer class to form; never to a level that publishes its
 * jurisdiction coarser than the region of a policy that governs it (the policy's services, clauses and dates would
 * name the region). A tuple no class can take yet waits (while the ledger holds fewer than k holders, all do): with
 * fewer than k others, what it publishes would single its holders out. Pure: counts in, levels out.
 */
final class Recoding {

    private static final Comparator<Tuple> ORDER = Comparator.comparing(Tuple::hukou)
            .thenComparing(Tuple::jurisdiction).thenComparingInt(Tuple::birthYear)
            .thenComparing(Tuple::male);

    private Recoding() {
    }

    /**
     * @param counts    the holders of each tuple now
     * @param levels    the tuples whose level is decided, and their levels
     * @param firstSeen when each undecided tuple was first seen (absent: today)
     * @param coarsest  the coarsest level each tuple may be published at
     * @return the levels decided now, of tuples that had none
     */
    static Map<Tuple, Integer> assign(Map<Tuple, Long> counts, Map<Tuple, Integer> levels,
                                      Map<Tuple, LocalDate> firstSeen, ToIntFunction<Tuple> coarsest, LocalDate today,
                                      int k, Duration wait) {
        Map<Profile, Long> classes = new HashMap<>();
        levels.forEach((tuple, level) -> classes.merge(Generalisation.profile(tuple, level),
                counts.getOrDefault(tuple, 0L), Long::sum));
        List<Tuple> open = counts.keySet().stream().filter(t -> !levels.containsKey(t)).sorted(ORDER).toList();
        Map<Tuple, Integer> decided = new LinkedHashMap<>();
        for (int level = 0; level <= Generalisation.COARSEST && !open.isEmpty(); level++) {
            boolean waited = level == 0;
            Map<Profile, List<Tuple>> candidates = new LinkedHashMap<>();
            for (Tuple tuple : open) {
                LocalDate since = firstSeen.getOrDefault(tuple, today);
                boolean allowed = level <= coarsest.applyAsInt(tuple);
                if (allowed && (waited || !since.plusDays(wait.toDays()).isAfter(today))) {
                    candidates.computeIfAbsent(Generalisation.profile(tuple, level), p -> new ArrayList<>())
                            .add(tuple);
                }
            }
            for (Map.Entry<Profile, List<Tuple>> candidate : candidates.entrySet()) {
                long joining = candidate.getValue().stream().mapToLong(t -> counts.getOrDefault(t, 0L)).sum();
                long already = classes.getOrDefault(candidate.getKey(), 0L);
                if (joining > 0 && already + joining >= k) {
                    classes.put(candidate.getKey(), already + joining);
                    for (Tuple tuple : candidate.getValue()) {
                        decided.put(tuple, level);
                    }
                }
            }
            open = open.stream().filter(t -> !decided.containsKey(t)).toList();
        }
        return decided;
    }
}
