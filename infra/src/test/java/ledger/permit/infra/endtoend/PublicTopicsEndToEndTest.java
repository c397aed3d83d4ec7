package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import ledger.permit.infra.local.DemoData;
import ledger.permit.infra.tools.StatisticsConsumer;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The public statistics topics after a demo run: what they carry, what they never carry, and what they count. */
class PublicTopicsEndToEndTest extends EmbeddedLedger {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CITIZEN_ID = Pattern.compile("[0-9]{17}[0-9Xx]");

    @Test
    void after_a_demo_run_no_public_message_carries_a_citizen_id_a_name_or_free_text() throws Exception {
        awaitPublished(withTwelveMore(DemoData.record(ledger.client())));
        Set<String> personal = personalStrings();
        assertThat(personal).as("the demo run recorded people").isNotEmpty();

        JsonSchema factSchema = schema("HolderFact.v2");
        JsonSchema changeSchema = schema("EntitlementChange.v2");
        List<String> facts = readAll(StatisticsConsumer.FACTS_TOPIC);
        List<String> changes = readAll(StatisticsConsumer.CHANGES_TOPIC);
        assertThat(facts).hasSizeGreaterThanOrEqualTo((int) count("SELECT count(*) FROM read_model.holder_event e "
                + "JOIN publication.holder_publication p USING (holder_id) WHERE e.sequence <= p.published_sequence"));
        assertThat(facts).isNotEmpty();
        assertThat(changes).isNotEmpty();
        for (String message : concat(facts, changes)) {
            assertThat(CITIZEN_ID.matcher(message).find()).as("an ID-shaped string in %s", message).isFalse();
            for (String secret : personal) {
                assertThat(message).as("a personal string in a public message").doesNotContain(secret);
            }
        }
        facts.forEach(message -> assertThat(factSchema.validate(tree(message))).as(message).isEmpty());
        changes.forEach(message -> assertThat(changeSchema.validate(tree(message))).as(message).isEmpty());
    }

    /**
     * The consumer counts every holder the topics carry once, at the level they publish it at; each published cell of
     * the API lies between the consumer's count of it and that count plus the holders the consumer has only coarser
     * (in a region around it, or with the jurisdiction withheld) and those waiting for a class.
     */
    @Test
    void the_statistics_consumer_counts_what_the_statistics_api_counts() throws Exception {
        awaitPublished(withTwelveMore(DemoData.record(ledger.client())));
        Map<String, Long> truth = new java.util.HashMap<>();
        var db = ledger.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT permit_status, count(*) "
                     + "FROM read_model.holder JOIN publication.holder_publication p USING (holder_id) "
                     + "WHERE jurisdiction IS NOT NULL AND p.published_sequence >= 0 GROUP BY 1")) {
            while (rows.next()) {
                truth.put(rows.getString(1), rows.getLong(2));
            }
        }
        long waiting = count("SELECT count(*) FROM publication.holder_publication WHERE published_sequence < 0");
        for (String level : List.of("COUNTY", "PREFECTURE", "PROVINCE")) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                StatisticsConsumer.Counts counts = StatisticsConsumer.read(ledger.kafkaBootstrapServers(),
                        StatisticsConsumer.FACTS_TOPIC, StatisticsConsumer.CHANGES_TOPIC, level);
                Map<String, Long> byStatus = new java.util.HashMap<>();
                counts.holders().forEach((cell, n) -> byStatus.merge(cell.get(1), n, Long::sum));
                counts.holdersCoarser().forEach((cell, n) -> byStatus.merge(cell.get(1), n, Long::sum));
                assertThat(byStatus).as("every holder published counted once, at %s", level).isEqualTo(truth);
                assertBounds(api("/api/v1/statistics/holders?level=" + level), counts.holders(),
                        counts.holdersCoarser(), waiting, List.of("jurisdiction", "permitStatus"), cell -> true);
                assertBounds(api("/api/v1/statistics/services?level=" + level), counts.services(),
                        counts.servicesCoarser(), waiting, List.of("jurisdiction", "service", "status"),
                        cell -> List.of("ENTITLED", "SUSPENDED").contains(cell.path("dimensions").path("status")
                                .asText()));
            });
        }
    }

    /**
     * Every published API cell the consumer can count holds at least the consumer's count of it and at most that
     * plus what the consumer has only in a coarser region around it, and the holders waiting for a class (which the
     * API counts and the topics do not carry yet); the consumer counts no cell the API lacks.
     */
    private static void assertBounds(JsonNode table, Map<List<String>, Long> consumed,
                                     Map<List<String>, Long> coarser, long waiting, List<String> dimensions,
                                     java.util.function.Predicate<JsonNode> comparable) {
        Set<List<String>> inApi = new HashSet<>();
        for (JsonNode cell : table.path("cells")) {
            if (!comparable.test(cell)) {
                continue;
            }
            List<String> key = dimensions.stream().map(d -> cell.path("dimensions").path(d).asText()).toList();
            inApi.add(key);
            if (cell.path("suppressed").asBoolean()) {
                continue;
            }
            long mine = consumed.getOrDefault(key, 0L);
            long around = coarser.entrySet().stream().filter(c -> c.getKey().subList(1, key.size())
                    .equals(key.subList(1, key.size())) && contains(c.getKey().getFirst(), key.getFirst()))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(cell.path("count").asLong()).as("cell %s", key).isBetween(mine, mine + around + waiting);
        }
        assertThat(consumed.keySet()).as("cells only the consumer has").isSubsetOf(inApi);
    }

    /** Whether a region as published (a code at its level, or withheld) may hold the region of that code. */
    private static boolean contains(String published, String region) {
        if (published.equals("WITHHELD")) {
            return true;
        }
        String prefix = published.endsWith("0000") ? published.substring(0, 2)
                : published.endsWith("00") ? published.substring(0, 4) : published;
        return region.startsWith(prefix);
    }

    /**
     * Twelve more holders in one county of 邵阳, issued a month ago: with them the ledger holds more than k = 10
     * holders, and its public topics publish (none before; a class may need more).
     */
    private List<String> withTwelveMore(List<String> recorded) {
        List<String> all = new ArrayList<>(recorded);
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        for (int i = 0; i < 12; i++) {
            String holderId = apply(newCitizen(), "430521", today.minusYears(1).toString(), "EMPLOYMENT",
                    today.minusMonths(1).toString());
            post(holderId, "/issuance", Map.of("issuedOn", today.minusMonths(1).plusDays(3).toString()));
            all.add(holderId);
        }
        return all;
    }

    /**
     * Every reason and description the ledger holds, and every citizen ID not of an ID's shape: none may leave it on a
     * public topic (an ID of the usual shape is looked for by its shape, in every message).
     */
    private Set<String> personalStrings() throws SQLException {
        Set<String> strings = new HashSet<>();
        var db = ledger.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT payload::text FROM read_model.holder_event")) {
            while (rows.next()) {
                JsonNode payload = tree(rows.getString(1));
                for (String field : List.of("citizenId", "childCitizenId", "reason", "description")) {
                    if (payload.hasNonNull(field) && payload.path(field).asText().length() >= 2) {
                        String value = payload.path(field).asText();
                        if (!CITIZEN_ID.matcher(value).matches()) { // an ID anywhere is found by its shape
                            strings.add(value);
                        }
                    }
                }
            }
        }
        return strings;
    }

    private JsonNode api(String path) {
        var response = ledger.client().get(path);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    private List<String> readAll(String topic) {
        List<String> messages = new ArrayList<>();
        StatisticsConsumer.readToEnd(ledger.kafkaBootstrapServers(), topic, record -> {
            assertThat(record.key()).doesNotContainPattern(CITIZEN_ID);
            messages.add(record.value());
        });
        return messages;
    }

    private static JsonSchema schema(String name) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                        builder -> builder.schemaMappers(m -> m.mapPrefix("https://permit-ledger/schemas/", "classpath:schemas/")))
                .getSchema(SchemaLocation.of("classpath:schemas/" + name + ".schema.json"));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
