package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.Regions;
import ledger.permit.infra.tools.PopulationLoader;
import ledger.permit.infra.tools.StatisticsConsumer;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.OutputStream;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A city's worth of holders on the public topics, read as someone who knows a neighbour's birth year, sex, hukou and
 * county would read them: after 10,000 synthetic holders with a realistic spread (most from a few hukou provinces, a
 * long tail of rare prefectures; large counties and small ones), each holder's messages, joined by its key, say no
 * more than one combination of those attributes (or one per jurisdiction, for a holder who moved), every such
 * combination is shared by at least k = 10 holders, and no message carries a citizen ID. The other tests' holders on
 * the same topics are read too.
 */
class PublicClassesEndToEndTest extends EmbeddedLedger {

    private static final int POPULATION = 10_000;
    private static final int K = 10;
    private static final Pattern CITIZEN_ID = Pattern.compile("[0-9]{17}[0-9Xx]");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PROFILE = List.of("birthYears", "sex", "hukou", "hukouLevel", "jurisdiction",
            "jurisdictionLevel");

    /** Where the synthetic holders live: three large counties, then smaller ones down to a few dozen holders. */
    private static final String[] COUNTIES = {"533102", "530102", "530302", "533103", "530381", "530902", "533122",
            "533123", "533124", "530921", "430521", "430102"};
    private static final double[] COUNTY_SHARES = {0.35, 0.22, 0.14, 0.08, 0.06, 0.05, 0.03, 0.02, 0.02, 0.015,
            0.01, 0.005};
    /** Where most hukou are: prefectures of 云南, 四川 and 湖南. */
    private static final String[] COMMON_HUKOU = {"530100", "530300", "533100", "530900", "510100", "511300",
            "430100", "430500"};

    @Test
    void every_published_combination_of_attributes_is_shared_by_at_least_k_holders() throws Exception {
        List<PopulationLoader.Application> applications = population(new Random(20261207));
        String[] loaded = PopulationLoader.load(ledger.database(), applications, List.of(), "test-population",
                new PrintStream(OutputStream.nullOutputStream()));
        assertThat(loaded).hasSize(POPULATION);
        awaitPublished(List.of(loaded));
        long published = count("SELECT count(*) FROM publication.holder_publication WHERE published_sequence >= 0 "
                + "AND holder_id IN ('" + String.join("','", loaded) + "')");
        assertThat(published).as("of the population, published (the others wait for a class)")
                .isGreaterThanOrEqualTo(POPULATION * 9L / 10);

        Map<String, Set<List<String>>> profiles = new HashMap<>(); // holderKey -> combinations its facts publish
        Set<String> movers = new HashSet<>();
        Map<String, Set<List<String>>> changeRegions = new HashMap<>(); // holderKey -> jurisdictions its changes name
        long[] messages = {0};
        StatisticsConsumer.readToEnd(ledger.kafkaBootstrapServers(), StatisticsConsumer.FACTS_TOPIC, record -> {
            messages[0]++;
            assertThat(CITIZEN_ID.matcher(record.value()).find()).as(record.value()).isFalse();
            JsonNode fact = tree(record.value());
            assertThat(fact.path("version").asInt()).as("no version 1 message is published").isEqualTo(2);
            List<String> combination = PROFILE.stream().map(f -> fact.path(f).asText("-")).toList();
            profiles.computeIfAbsent(fact.path("holderKey").asText(), k -> new HashSet<>()).add(combination);
            if (fact.path("eventType").asText().equals("ResidenceMoved")) {
                movers.add(fact.path("holderKey").asText());
            }
        });
        StatisticsConsumer.readToEnd(ledger.kafkaBootstrapServers(), StatisticsConsumer.CHANGES_TOPIC, record -> {
            messages[0]++;
            assertThat(CITIZEN_ID.matcher(record.value()).find()).as(record.value()).isFalse();
            JsonNode change = tree(record.value());
            assertThat(change.path("version").asInt()).isEqualTo(2);
            changeRegions.computeIfAbsent(change.path("holderKey").asText(), k -> new HashSet<>())
                    .add(List.of(change.path("jurisdiction").asText("-"), change.path("jurisdictionLevel")
                            .asText("-")));
        });
        assertThat(profiles.size()).as("holders on the fact topic").isGreaterThanOrEqualTo((int) published);

        // what a holder's messages say together: the finest of its combinations, which every other one generalises
        // (one per jurisdiction for a holder who moved); each is a class
        Map<List<String>, Set<String>> classes = new HashMap<>();
        Map<String, List<List<String>>> finest = new HashMap<>();
        profiles.forEach((holder, combinations) -> {
            List<List<String>> joined = combinations.stream().filter(c -> combinations.stream()
                    .noneMatch(other -> !other.equals(c) && generalises(c, other))).toList();
            if (!movers.contains(holder)) {
                assertThat(joined).as("holder %s: %s", holder, combinations).hasSize(1);
            }
            finest.put(holder, joined);
            joined.forEach(c -> classes.computeIfAbsent(c, x -> new HashSet<>()).add(holder));
        });
        // a change names a jurisdiction as the holder's facts do, or none
        changeRegions.forEach((holder, regions) -> {
            List<List<String>> facts = finest.get(holder).stream().map(c -> List.of(c.get(4), c.get(5))).toList();
            assertThat(regions).as("holder %s, whose facts say %s", holder, facts)
                    .allMatch(region -> facts.contains(region) || region.get(0).equals("-"));
        });
        Map.Entry<List<String>, Set<String>> smallest = classes.entrySet().stream()
                .min(Comparator.comparingInt(e -> e.getValue().size())).orElseThrow();
        Map<String, Integer> byLevel = new TreeMap<>();
        classes.forEach((combination, holders) -> byLevel.merge(combination.get(5) + "/" + combination.get(3),
                holders.size(), Integer::sum));
        LoggerFactory.getLogger(PublicClassesEndToEndTest.class).info("{} messages of {} holders in {} classes ({} of "
                        + "the {} synthetic ones published, the others waiting for a class); the smallest: {} holders "
                        + "{}; holders by jurisdiction/hukou level: {}", messages[0], profiles.size(), classes.size(),
                published, POPULATION, smallest.getValue().size(), smallest.getKey(), byLevel);
        assertThat(smallest.getValue()).as("the smallest class, %s", smallest.getKey()).hasSizeGreaterThanOrEqualTo(K);
    }

    /**
     * Ten thousand holders who applied two months ago and were issued a month ago: hukou 80 % in eight prefectures
     * of three provinces, the rest spread over every prefecture of the country; birth years around 1985.
     */
    private static List<PopulationLoader.Application> population(Random random) {
        Map<String, List<String>> countiesOf = new HashMap<>();
        Regions.all().keySet().stream().filter(code -> !code.endsWith("00"))
                .forEach(code -> countiesOf.computeIfAbsent(code.substring(0, 4) + "00", p -> new ArrayList<>())
                        .add(code));
        countiesOf.values().forEach(list -> list.sort(null));
        List<String> prefectures = countiesOf.keySet().stream().sorted().toList();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        Set<String> ids = new HashSet<>();
        List<PopulationLoader.Application> applications = new ArrayList<>(POPULATION);
        while (applications.size() < POPULATION) {
            String prefecture = random.nextInt(100) < 80 ? COMMON_HUKOU[random.nextInt(COMMON_HUKOU.length)]
                    : prefectures.get(random.nextInt(prefectures.size()));
            List<String> counties = countiesOf.get(prefecture);
            String hukou = counties.get(random.nextInt(counties.size()));
            LocalDate born = LocalDate.of(1985, 6, 1).plusDays((long) (random.nextGaussian() * 11 * 365));
            String id = String.format("%s%s%03d", hukou, born.toString().replace("-", ""), random.nextInt(1000));
            if (hukou.equals("510104") || !ids.add(id)) {
                continue; // 510104 is the other tests' citizens'
            }
            applications.add(new PopulationLoader.Application(CitizenId.withCheckCharacter(id), county(random),
                    today.minusYears(1), PermitBasis.EMPLOYMENT, today.minusMonths(2), today.minusMonths(1)));
        }
        return applications;
    }

    /**
     * Whether combination {@code a} says nothing {@code b} does not: each attribute withheld in {@code a}, the same
     * in both, or in {@code a} a band or region around {@code b}'s.
     */
    private static boolean generalises(List<String> a, List<String> b) {
        boolean years = a.get(0).equals("-") || !b.get(0).equals("-")
                && a.get(0).substring(0, 4).compareTo(b.get(0).substring(0, 4)) <= 0
                && a.get(0).substring(5).compareTo(b.get(0).substring(5)) >= 0;
        boolean sex = a.get(1).equals("-") || a.get(1).equals(b.get(1));
        return years && sex && around(a.get(2), b.get(2)) && around(a.get(4), b.get(4));
    }

    /** Whether region {@code a} (withheld: "-") holds region {@code b}. */
    private static boolean around(String a, String b) {
        if (a.equals("-")) {
            return true;
        }
        String prefix = a.endsWith("0000") ? a.substring(0, 2) : a.endsWith("00") ? a.substring(0, 4) : a;
        return !b.equals("-") && b.startsWith(prefix);
    }

    private static String county(Random random) {
        double draw = random.nextDouble();
        for (int i = 0; i < COUNTIES.length; i++) {
            draw -= COUNTY_SHARES[i];
            if (draw < 0) {
                return COUNTIES[i];
            }
        }
        return COUNTIES[COUNTIES.length - 1];
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
