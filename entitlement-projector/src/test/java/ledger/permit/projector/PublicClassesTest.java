package ledger.permit.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.projector.publication.ProfileLevels;
import ledger.permit.projector.publication.Pseudonyms;
import ledger.permit.projector.publication.Publication;
import ledger.permit.rules.policy.PolicyCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public topics publish a holder only in a class of at least k holders (here 3), on real PostgreSQL: a holder
 * waits until one can take it, then its messages carry the class's profile and nothing finer.
 */
class PublicClassesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate TODAY = LocalDate.of(2026, 1, 10);
    private static final Pseudonyms PSEUDONYMS = Pseudonyms.fromBase64(PublicationTest.KEY);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ReadModelWriter writer;
    private final Publication publication;

    PublicClassesTest() {
        String schema = "read_model_classes";
        TestDatabase.migrate(TestDatabase.get().getPostgresDatabase(), schema, ReadModelRebuild.READ_MODEL_MIGRATIONS,
                null);
        var dataSource = new SingleConnectionDataSource(TestDatabase.url(schema), "postgres", "", true);
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        writer = new ReadModelWriter(jdbc, transaction);
        PolicyCatalog catalog = PolicyCatalog.bundled(Map.of());
        publication = new Publication(jdbc, catalog, PSEUDONYMS, new ProfileLevels(jdbc, 3, Duration.ZERO, catalog));
    }

    @Test
    void holders_wait_for_a_class_of_k_and_are_published_with_its_profile_and_nothing_finer() throws Exception {
        // three men born in 1985-87 with IDs of 海西州, in 瑞丽: a class of three at the finest level, once all are in
        CitizenId a1 = citizen("632801", "19850101", 1);
        CitizenId a2 = citizen("632801", "19850601", 3);
        HolderId first = holder(a1, "533102");
        holder(a2, "533102");
        assertThat(messages(a1, "holder-facts")).as("two of a kind: not yet a class").isEmpty();
        assertThat(place()).as("both woken, and both waiting again").isGreaterThanOrEqualTo(2);
        judgeDue();
        assertThat(messages(a1, "holder-facts")).isEmpty();
        CitizenId a3 = citizen("632801", "19870101", 5);
        holder(a3, "533102");
        assertThat(place()).as("the three made due").isGreaterThanOrEqualTo(3);
        judgeDue();
        for (CitizenId a : List.of(a1, a2, a3)) {
            JsonNode fact = messages(a, "holder-facts").getFirst();
            assertThat(fact.path("birthYears").asText()).isEqualTo("1985-1989");
            assertThat(fact.path("sex").asText()).isEqualTo("MALE");
            assertThat(fact.path("hukou").asText()).isEqualTo("632800");
            assertThat(fact.path("jurisdiction").asText()).isEqualTo("533102");
            assertThat(fact.path("jurisdictionLevel").asText()).isEqualTo("COUNTY");
            assertThat(messages(a, "entitlement-changes")).isNotEmpty().allSatisfy(change ->
                    assertThat(change.path("policy").path("id").asText()).isEqualTo("yn-dehong"));
        }

        // three of no common class below their province, 湖南, whose policy governs the province: two women of
        // 呼和浩特 in 长沙's 芙蓉区, a man of 北京 in 邵东
        CitizenId b1 = citizen("150102", "19620101", 2);
        CitizenId b2 = citizen("150102", "19630101", 4);
        CitizenId b3 = citizen("110105", "19750101", 1);
        holder(b1, "430102");
        holder(b2, "430102");
        holder(b3, "430521");
        // and a man of 北京 in 芒市: 德宏's policy governs the prefecture, so 芒市 is never published as 云南
        CitizenId c1 = citizen("110105", "19800101", 3);
        holder(c1, "533103");
        assertThat(place()).isGreaterThanOrEqualTo(4);
        judgeDue();
        JsonNode shaodong = messages(b3, "holder-facts").getFirst();
        assertThat(shaodong.has("birthYears") || shaodong.has("sex") || shaodong.has("hukou")).isFalse();
        assertThat(shaodong.path("hukouLevel").asText()).isEqualTo("WITHHELD");
        assertThat(shaodong.path("jurisdiction").asText()).isEqualTo("430000");
        assertThat(shaodong.path("jurisdictionLevel").asText()).isEqualTo("PROVINCE");
        assertThat(messages(b3, "entitlement-changes")).isNotEmpty().allSatisfy(change -> {
            assertThat(change.path("jurisdiction").asText()).isEqualTo("430000");
            assertThat(change.path("policy").path("id").asText()).isEqualTo("hn-hunan");
        });
        assertThat(messages(c1, "holder-facts")).as("alone in 德宏 at every level it may take").isEmpty();
        int levelOfB1 = level(b1, "430102");

        // another woman of 呼和浩特 in 芙蓉区, born a year later: a tuple of its own, into the class the others are in
        CitizenId b4 = citizen("150102", "19640101", 6);
        holder(b4, "430102");
        assertThat(place()).as("b4, and c1 again").isGreaterThanOrEqualTo(2);
        judgeDue();
        assertThat(messages(b4, "holder-facts").getFirst().path("jurisdiction").asText()).isEqualTo("430000");
        assertThat(level(b1, "430102")).as("a level once decided stays").isEqualTo(levelOfB1);

        // a1 applies again in 芙蓉区: its class stays 瑞丽's, and what it says of 芙蓉区 is withheld, with 湖南's policy
        project(Histories.envelopes(List.of(new PermitApplied(first, a1, RegionCode.of("430102"),
                LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT, LocalDate.of(2025, 12, 1))), 2).getFirst(), first);
        JsonNode moved = messages(a1, "holder-facts").getLast();
        assertThat(moved.path("eventType").asText()).isEqualTo("PermitApplied");
        assertThat(moved.has("jurisdiction")).isFalse();
        assertThat(moved.path("jurisdictionLevel").asText()).isEqualTo("WITHHELD");
        assertThat(moved.path("birthYears").asText()).isEqualTo("1985-1989");
        List<JsonNode> changes = messages(a1, "entitlement-changes");
        assertThat(changes.stream().filter(c -> c.path("jurisdictionLevel").asText().equals("WITHHELD")))
                .allSatisfy(change -> assertThat(change.has("policy") || change.has("basis")).isFalse());

        // every combination published is shared by at least three holders
        Map<List<String>, Set<String>> classes = new HashMap<>();
        for (CitizenId c : List.of(a1, a2, a3, b1, b2, b3, b4, c1)) {
            for (JsonNode fact : messages(c, "holder-facts")) {
                if (fact.path("jurisdictionLevel").asText().equals("WITHHELD")) {
                    continue; // a1's later facts: its class's, less the jurisdiction
                }
                List<String> combination = new ArrayList<>();
                for (String field : List.of("birthYears", "sex", "hukou", "hukouLevel", "jurisdiction",
                        "jurisdictionLevel")) {
                    combination.add(fact.path(field).asText("-"));
                }
                classes.computeIfAbsent(combination, x -> new HashSet<>()).add(fact.path("holderKey").asText());
            }
        }
        assertThat(classes).hasSize(2).allSatisfy((combination, holders) ->
                assertThat(holders).as("%s", combination).hasSizeGreaterThanOrEqualTo(3));
    }

    private static CitizenId citizen(String region, String born, int sequence) {
        return CitizenId.withCheckCharacter(region + born + String.format("%03d", sequence));
    }

    /** A holder applying on 2025-03-01 in the jurisdiction, issued on 2025-03-15, as the event path projects it. */
    private HolderId holder(CitizenId citizen, String jurisdiction) {
        HolderId holder = new HolderId(UUID.randomUUID());
        for (HolderEventEnvelope event : Histories.envelopes(List.of(new PermitApplied(holder, citizen,
                RegionCode.of(jurisdiction), LocalDate.of(2024, 6, 1), PermitBasis.EMPLOYMENT,
                LocalDate.of(2025, 3, 1)), new PermitIssued(holder, LocalDate.of(2025, 3, 15))), 0)) {
            project(event, holder);
        }
        return holder;
    }

    private void project(HolderEventEnvelope event, HolderId holder) {
        transaction.executeWithoutResult(s -> {
            writer.applyInTransaction(event);
            publication.catchUp(holder.value(), TODAY);
        });
    }

    private int place() {
        return transaction.execute(s -> publication.placeWaiting(TODAY));
    }

    private void judgeDue() {
        while (transaction.execute(s -> publication.checkDue(TODAY, 1000)) > 0) {
            // every holder due today judged
        }
    }

    private int level(CitizenId citizen, String jurisdiction) {
        return jdbc.queryForObject("SELECT level FROM publication.profile_level WHERE birth_year = ? AND male = ? "
                + "AND hukou = ? AND jurisdiction = ?", Integer.class, citizen.birthDate().getYear(),
                citizen.sex() == CitizenId.Sex.MALE, citizen.hukouRegion().substring(0, 4) + "00",
                jurisdiction);
    }

    private List<JsonNode> messages(CitizenId citizen, String stream) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        for (String payload : jdbc.queryForList("SELECT payload FROM publication.outbox WHERE message_key = ? "
                + "AND stream = ? ORDER BY id", String.class, PSEUDONYMS.of(citizen.value()), stream)) {
            messages.add(JSON.readTree(payload));
        }
        return messages;
    }
}
