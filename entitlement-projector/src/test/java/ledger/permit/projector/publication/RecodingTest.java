package ledger.permit.projector.publication;

import ledger.permit.projector.publication.Generalisation.Profile;
import ledger.permit.projector.publication.Generalisation.Tuple;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The levels the public topics publish holders at: on generated populations that arrive round by round (most from a
 * few hukou prefectures, a long tail of rare ones; large and small counties), every published profile is shared by at
 * least k holders after every round, a decided level never changes, and the chain's levels only ever coarsen.
 */
class RecodingTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);
    private static final String[] COMMON_HUKOU = {"510100", "530100", "533100", "430100"};
    private static final String[] COUNTIES = {"533102", "533102", "533102", "530102", "530102", "533103", "530302",
            "530381", "430102", "110105", ""};

    @Property(tries = 200)
    void every_published_profile_is_shared_by_k_holders_round_after_round(
            @ForAll @LongRange(min = 1) long seed, @ForAll @IntRange(min = 2, max = 12) int k) {
        Random random = new Random(seed);
        Map<Tuple, Long> counts = new HashMap<>();
        Map<Tuple, Integer> levels = new HashMap<>();
        for (int round = 0; round < 4; round++) {
            int arriving = random.nextInt(300);
            for (int i = 0; i < arriving; i++) {
                counts.merge(person(random), 1L, Long::sum);
            }
            Map<Tuple, Integer> decided = Recoding.assign(counts, levels, Map.of(), RecodingTest::coarsest, TODAY, k,
                    Duration.ZERO);
            assertThat(decided.keySet()).as("seed %d: a decided level changed", seed)
                    .noneMatch(levels::containsKey);
            levels.putAll(decided);

            Map<Profile, Long> classes = new HashMap<>();
            levels.forEach((tuple, level) -> classes.merge(Generalisation.profile(tuple, level), counts.get(tuple),
                    Long::sum));
            int after = round;
            classes.forEach((profile, holders) -> assertThat(holders)
                    .as("seed %d, k %d, round %d: %s", seed, k, after, profile).isGreaterThanOrEqualTo(k));
            // and no holder waits that a class could take: at no level its tuple may take is there a class of k for it
            for (int level = 0; level <= Generalisation.COARSEST; level++) {
                Map<Profile, Long> possible = new HashMap<>();
                for (Map.Entry<Tuple, Long> tuple : counts.entrySet()) {
                    Integer decidedLevel = levels.get(tuple.getKey());
                    boolean waiting = decidedLevel == null && level <= coarsest(tuple.getKey());
                    if (waiting || decidedLevel != null && decidedLevel == level) {
                        possible.merge(Generalisation.profile(tuple.getKey(), level), tuple.getValue(), Long::sum);
                    }
                }
                for (Tuple waiting : counts.keySet()) {
                    if (!levels.containsKey(waiting) && level <= coarsest(waiting)) {
                        assertThat(possible.get(Generalisation.profile(waiting, level)))
                                .as("seed %d, k %d: %s waits, yet level %d has a class for it", seed, k, waiting,
                                        level).isLessThan(k);
                    }
                }
            }
            levels.forEach((tuple, level) -> assertThat(level).as("%s", tuple).isLessThanOrEqualTo(coarsest(tuple)));
        }
    }

    @Property(tries = 50)
    void each_level_says_no_more_than_the_level_before(@ForAll @LongRange(min = 1) long seed) {
        Tuple tuple = person(new Random(seed));
        for (int level = 1; level <= Generalisation.COARSEST; level++) {
            Profile finer = Generalisation.profile(tuple, level - 1);
            Profile coarser = Generalisation.profile(tuple, level);
            assertThat(within(coarser.birthYears(), finer.birthYears())).as("%s then %s", finer, coarser).isTrue();
            assertThat(coarser.sex() == null || coarser.sex().equals(finer.sex())).isTrue();
            assertThat(coarser.hukou() == null || finer.hukou().startsWith(prefix(coarser.hukou()))).isTrue();
            assertThat(coarser.jurisdiction() == null || finer.jurisdiction().startsWith(prefix(
                    coarser.jurisdiction()))).isTrue();
        }
    }

    @Test
    void fewer_than_k_holders_wait_and_k_of_one_tuple_are_published_at_the_finest_level() {
        Tuple one = new Tuple(1985, true, "632800", "533102");
        assertThat(Recoding.assign(Map.of(one, 9L), Map.of(), Map.of(), t -> 5, TODAY, 10, Duration.ZERO)).isEmpty();
        assertThat(Recoding.assign(Map.of(one, 10L), Map.of(), Map.of(), t -> 5, TODAY, 10, Duration.ZERO))
                .containsExactlyEntriesOf(Map.of(one, 0));
    }

    @Test
    void a_rare_tuple_joins_a_coarser_class_only_once_it_has_waited_for_a_finer_one() {
        Tuple crowd = new Tuple(1985, true, "510100", "533102");
        Tuple rare = new Tuple(1950, false, "650100", "533102");
        Map<Tuple, Long> counts = Map.of(crowd, 30L, rare, 1L);
        Map<Tuple, Integer> crowdAtFinest = Map.of(crowd, 0);
        // the rare holder could share a county-level class only with the crowd at level 2 (all ages, no sex):
        // the crowd is at level 0, so only the coarsest classes remain, and those it has yet to fill
        Map<Tuple, Integer> levels = new HashMap<>(crowdAtFinest);
        assertThat(Recoding.assign(counts, levels, Map.of(rare, TODAY.minusDays(3)), t -> 5, TODAY, 10,
                Duration.ofDays(7))).isEmpty();
        Map<Tuple, Long> more = new HashMap<>(counts);
        for (int born = 1951; born < 1960; born++) {
            more.put(new Tuple(born, born % 2 == 0, "650100", "533102"), 1L);
        }
        Map<Tuple, LocalDate> seen = new HashMap<>();
        more.keySet().forEach(t -> seen.put(t, TODAY.minusDays(3)));
        assertThat(Recoding.assign(more, levels, seen, t -> 5, TODAY, 10, Duration.ofDays(7)))
                .as("ten rare holders of one county could share level 2, but have not waited a week").isEmpty();
        Map<Tuple, Integer> decided = Recoding.assign(more, levels, seen, t -> 5, TODAY.plusDays(4), 10,
                Duration.ofDays(7));
        assertThat(decided).hasSize(10).containsEntry(rare, 2);
        assertThat(Recoding.assign(more, levels, seen, t -> 1, TODAY.plusDays(4), 10, Duration.ofDays(7)))
                .as("where a policy of the county keeps it from level 2, they wait").isEmpty();
    }

    /** As a policy of its prefecture keeps 德宏's counties from being published as 云南. */
    private static int coarsest(Tuple tuple) {
        return tuple.jurisdiction().startsWith("5331") ? 3 : Generalisation.COARSEST;
    }

    @Test
    void a_policy_of_a_prefecture_keeps_its_counties_from_coarser_levels() {
        List<List<String>> policies = List.of(List.of("000000"), List.of("533100"), List.of("430000"));
        assertThat(Generalisation.coarsestLevel("533102", policies)).isEqualTo(3);
        assertThat(Generalisation.coarsestLevel("430521", policies)).isEqualTo(4);
        assertThat(Generalisation.coarsestLevel("110105", policies)).isEqualTo(Generalisation.COARSEST);
        assertThat(Generalisation.coarsestLevel("", policies)).isEqualTo(Generalisation.COARSEST);
        assertThat(Generalisation.coarsestLevel("533102", List.of(List.of("533102")))).isEqualTo(2);
    }

    /** Someone of a realistic population: most from a few prefectures, a long tail of rare ones. */
    private static Tuple person(Random random) {
        String hukou = random.nextInt(10) < 8 ? COMMON_HUKOU[random.nextInt(COMMON_HUKOU.length)]
                : String.format("%02d%02d00", 11 + random.nextInt(55), 1 + random.nextInt(30));
        int born = 1950 + (int) Math.min(55, Math.abs(random.nextGaussian() * 12 + 30));
        return new Tuple(born, random.nextBoolean(), hukou, COUNTIES[random.nextInt(COUNTIES.length)]);
    }

    private static boolean within(String coarser, String finer) {
        if (coarser == null) {
            return true;
        }
        int[] outer = {Integer.parseInt(coarser.substring(0, 4)), Integer.parseInt(coarser.substring(5))};
        int[] inner = {Integer.parseInt(finer.substring(0, 4)), Integer.parseInt(finer.substring(5))};
        return outer[0] <= inner[0] && inner[1] <= outer[1];
    }

    /** The digits of a region code that name it: 530000 → 53, 533100 → 5331. */
    private static String prefix(String code) {
        return code.endsWith("0000") ? code.substring(0, 2) : code.endsWith("00") ? code.substring(0, 4) : code;
    }
}
