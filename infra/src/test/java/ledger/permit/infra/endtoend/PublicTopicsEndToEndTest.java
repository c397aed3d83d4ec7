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
        awaitPublished(DemoData.record(ledger.client()));
        Set<String> personal = personalStrings();
        assertThat(personal).as("the demo run recorded people").isNotEmpty();

        JsonSchema factSchema = schema("HolderFact.v1");
        JsonSchema changeSchema = schema("EntitlementChange.v1");
        List<String> facts = readAll(StatisticsConsumer.FACTS_TOPIC);
        List<String> changes = readAll(StatisticsConsumer.CHANGES_TOPIC);
        assertThat(facts).hasSizeGreaterThanOrEqualTo((int) count("SELECT count(*) FROM read_model.holder_event"));
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

    @Test
    void the_statistics_consumer_counts_what_the_statistics_api_counts() throws Exception {
        List<String> recorded = new ArrayList<>(DemoData.record(ledger.client()));
        // twelve holders in one county of 邵阳, issued a month ago: cells big enough to be published
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        for (int i = 0; i < 12; i++) {
            String holderId = apply(newCitizen(), "430521", today.minusYears(1).toString(), "EMPLOYMENT",
                    today.minusMonths(1).toString());
            post(holderId, "/issuance", Map.of("issuedOn", today.minusMonths(1).plusDays(3).toString()));
            recorded.add(holderId);
        }
        awaitPublished(recorded);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            StatisticsConsumer.Counts counts = StatisticsConsumer.read(ledger.kafkaBootstrapServers(),
                    StatisticsConsumer.FACTS_TOPIC, StatisticsConsumer.CHANGES_TOPIC, "COUNTY");
            assertThat(counts.holders()).isNotEmpty();
            assertThat(counts.services()).isNotEmpty();
            assertSameCounts(api("/api/v1/statistics/holders?level=COUNTY"), counts.holders(),
                    List.of("jurisdiction", "permitStatus"), cell -> true);
            assertSameCounts(api("/api/v1/statistics/services?level=COUNTY"), counts.services(),
                    List.of("jurisdiction", "service", "status"),
                    cell -> List.of("ENTITLED", "SUSPENDED").contains(cell.path("dimensions").path("status").asText()));
            assertThat(counts.services().get(List.of("430521", "LABOUR_EMPLOYMENT", "ENTITLED")))
                    .isGreaterThanOrEqualTo(12);
        });
    }

    /**
     * Every API cell the consumer can count is the consumer's count unless suppressed, and suppressed where the
     * consumer counts fewer than the API's minimum; the consumer counts nothing the API does not.
     */
    private static void assertSameCounts(JsonNode table, Map<List<String>, Long> consumed, List<String> dimensions,
                                         java.util.function.Predicate<JsonNode> comparable) {
        int minCount = table.path("minCount").asInt();
        Set<List<String>> inApi = new HashSet<>();
        for (JsonNode cell : table.path("cells")) {
            if (!comparable.test(cell)) {
                continue;
            }
            List<String> key = dimensions.stream().map(d -> cell.path("dimensions").path(d).asText()).toList();
            inApi.add(key);
            Long mine = consumed.get(key);
            assertThat(mine).as("the consumer's count of %s", key).isNotNull();
            if (mine < minCount) {
                assertThat(cell.path("suppressed").asBoolean()).as("cell %s of %d", key, mine).isTrue();
            }
            if (!cell.path("suppressed").asBoolean()) {
                assertThat(mine).as("cell %s", key).isEqualTo(cell.path("count").asLong());
            }
        }
        assertThat(consumed.keySet()).as("cells only the consumer has").isSubsetOf(inApi);
    }

    /**
     * Waits until the projector has applied every stored event of these holders, has decided what to publish
     * for every holder it has, and the relay has sent all of it.
     */
    private void awaitPublished(List<String> holders) {
        String ids = holders.stream().map(id -> "'" + java.util.UUID.fromString(id) + "'")
                .collect(java.util.stream.Collectors.joining(","));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() ->
                count("SELECT count(*) FROM (SELECT aggregateidentifier, max(sequencenumber) AS last "
                        + "FROM event_store.domainevententry WHERE aggregateidentifier IN (" + ids + ") "
                        + "GROUP BY aggregateidentifier) stored JOIN read_model.holder h "
                        + "ON h.holder_id::text = stored.aggregateidentifier AND h.last_sequence = stored.last")
                        == holders.size()
                        && count("SELECT count(*) FROM read_model.holder h LEFT JOIN publication.holder_publication p "
                        + "USING (holder_id) WHERE p.published_sequence IS DISTINCT FROM h.last_sequence") == 0
                        && count("SELECT count(*) FROM publication.outbox") == 0);
    }

    /** Every citizen ID, reason and description the ledger holds: none may leave it on a public topic. */
    private Set<String> personalStrings() throws SQLException {
        Set<String> strings = new HashSet<>();
        var db = ledger.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT payload::text FROM read_model.holder_event")) {
            while (rows.next()) {
                JsonNode payload = tree(rows.getString(1));
                for (String field : List.of("citizenId", "childCitizenId", "reason", "description")) {
                    if (payload.hasNonNull(field) && payload.path(field).asText().length() >= 2) {
                        strings.add(payload.path(field).asText());
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
