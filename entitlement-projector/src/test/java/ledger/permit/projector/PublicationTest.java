package ledger.permit.projector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.projector.publication.ProfileLevels;
import ledger.permit.projector.publication.Pseudonyms;
import ledger.permit.projector.publication.Publication;
import ledger.permit.rules.policy.PolicyCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the public topics will carry, decided in the projector's transaction, on real PostgreSQL. */
class PublicationTest {

    static final String KEY = java.util.Base64.getEncoder()
            .encodeToString("test-only-secret-of-32-bytes-....".getBytes());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> DAY_ONE = List.of("LABOUR_EMPLOYMENT", "BASIC_PUBLIC_EDUCATION",
            "BASIC_MEDICAL_HEALTH", "FAMILY_PLANNING", "PUBLIC_CULTURE", "LICENCE_PROCESSING");
    private static JdbcTemplate jdbc;
    private static TransactionTemplate transaction;
    private static ReadModelWriter writer;
    private static Publication publication;

    @BeforeAll
    static void connect() {
        var dataSource = new SingleConnectionDataSource(TestDatabase.url("read_model"), "postgres", "", true);
        jdbc = new JdbcTemplate(dataSource);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        writer = new ReadModelWriter(jdbc, transaction);
        // k = 1: every holder published at once, at the finest level (the classes are PublicClassesTest's)
        PolicyCatalog catalog = PolicyCatalog.bundled(Map.of());
        publication = new Publication(jdbc, catalog, Pseudonyms.fromBase64(KEY),
                new ProfileLevels(jdbc, 1, Duration.ZERO, catalog));
    }

    @Test
    void each_fact_is_published_once_in_order_without_personal_data_and_satisfies_its_schema() throws Exception {
        HolderId holder = new HolderId(UUID.randomUUID());
        CitizenId citizen = Histories.newCitizen();
        CitizenId child = Histories.newCitizen();
        List<HolderEventEnvelope> history = new java.util.ArrayList<>(Histories.worker(holder, citizen, 3));
        history.add(Histories.childYear(holder, history.size(), child, 7));
        for (HolderEventEnvelope event : history) {
            project(event, LocalDate.of(2026, 1, 10));
            project(event, LocalDate.of(2026, 1, 10)); // redelivered: nothing more
        }

        List<Map<String, Object>> facts = outbox(holder, "holder-facts");
        assertThat(facts).extracting(row -> row.get("message_id"))
                .containsExactlyElementsOf(history.stream().map(HolderEventEnvelope::eventId).toList());
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                        b -> b.schemaMappers(m -> m.mapPrefix("https://permit-ledger/schemas/", "classpath:schemas/")))
                .getSchema(SchemaLocation.of("classpath:schemas/HolderFact.v2.schema.json"));
        for (Map<String, Object> row : facts) {
            String payload = (String) row.get("payload");
            assertThat(payload).doesNotContain(citizen.value()).doesNotContain(child.value())
                    .doesNotContainPattern("[0-9]{17}[0-9X]");
            assertThat(schema.validate(JSON.readTree(payload))).as(payload).isEmpty();
        }
        JsonNode first = JSON.readTree((String) facts.getFirst().get("payload"));
        assertThat(first.path("version").asInt()).isEqualTo(2);
        int from = citizen.birthDate().getYear() / 5 * 5;
        assertThat(first.path("birthYears").asText()).isEqualTo(from + "-" + (from + 4));
        assertThat(first.path("hukou").asText()).isEqualTo("510100");
        assertThat(first.path("hukouLevel").asText()).isEqualTo("PREFECTURE");
        assertThat(first.path("jurisdiction").asText()).isEqualTo("533102");
        assertThat(first.path("jurisdictionLevel").asText()).isEqualTo("COUNTY");
        assertThat(first.path("dates").path("appliedOn").asText()).isEqualTo("2025-03");
        assertThat(first.path("holderKey").asText()).isEqualTo(Pseudonyms.fromBase64(KEY).of(citizen.value()));
        JsonNode last = JSON.readTree((String) facts.getLast().get("payload"));
        assertThat(last.path("childKey").asText()).as("the child as this holder's child")
                .isEqualTo(Pseudonyms.fromBase64(KEY).ofChild(citizen.value(), child.value()))
                .isNotEqualTo(Pseudonyms.fromBase64(KEY).of(child.value()));
        assertThat(last.path("codes").has("grade")).as("with the school year, the grade gives the child's age")
                .isFalse();
    }

    @Test
    void the_issue_grants_the_day_one_services_from_the_issue_date_with_the_event_as_cause() throws Exception {
        HolderId holder = new HolderId(UUID.randomUUID());
        for (HolderEventEnvelope event : Histories.worker(holder, Histories.newCitizen(), 0)) {
            project(event, LocalDate.of(2026, 1, 10));
        }
        List<JsonNode> changes = changes(holder);
        // the six of Art. 12 from day one, and what 德宏 grants by then (secondary vocational aid)
        assertThat(changes).extracting(c -> c.path("serviceCode").asText()).contains(
                "LABOUR_EMPLOYMENT", "BASIC_PUBLIC_EDUCATION", "BASIC_MEDICAL_HEALTH", "FAMILY_PLANNING",
                "PUBLIC_CULTURE", "LICENCE_PROCESSING").doesNotHaveDuplicates();
        assertThat(changes.stream().filter(c -> c.path("serviceCode").asText().equals("LABOUR_EMPLOYMENT")))
                .singleElement().satisfies(c -> assertThat(c.path("effectiveMonth").asText()).isEqualTo("2025-03"));
        assertThat(changes).allSatisfy(c -> {
            assertThat(c.path("change").asText()).isEqualTo("GRANTED");
            assertThat(c.path("jurisdiction").asText()).isEqualTo("533102");
            assertThat(c.path("cause").path("kind").asText()).isEqualTo("event");
            assertThat(c.path("cause").path("eventType").asText()).isEqualTo("PermitIssued");
            assertThat(c.path("cause").path("sequence").asLong()).isEqualTo(1);
        });
    }

    @Test
    void a_missed_anniversary_suspends_on_its_day_exactly_once_and_a_late_endorsement_restores() throws Exception {
        HolderId holder = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> history = Histories.worker(holder, Histories.newCitizen(), 0);
        history.forEach(event -> project(event, LocalDate.of(2026, 3, 1)));
        List<String> granted = changes(holder).stream().map(c -> c.path("serviceCode").asText()).toList();
        assertThat(granted).hasSizeGreaterThanOrEqualTo(6);

        // the scheduler runs every day, some days twice; the first anniversary is 2026-03-15
        for (LocalDate day = LocalDate.of(2026, 3, 1); day.isBefore(LocalDate.of(2026, 3, 25)); day = day.plusDays(1)) {
            LocalDate today = day;
            transaction.executeWithoutResult(s -> publication.checkDue(today, 1000));
            transaction.executeWithoutResult(s -> publication.checkDue(today, 1000));
            List<JsonNode> suspensions = changes(holder).stream()
                    .filter(c -> c.path("change").asText().equals("SUSPENDED")).toList();
            if (day.isBefore(LocalDate.of(2026, 3, 15))) {
                assertThat(suspensions).as("on %s", day).isEmpty();
            } else {
                // Art. 10 suspends every service of the permit, the ones held among them
                assertThat(suspensions).as("on %s", day).extracting(c -> c.path("serviceCode").asText())
                        .containsAll(granted).doesNotHaveDuplicates();
                assertThat(suspensions).allSatisfy(c -> {
                    assertThat(c.path("effectiveMonth").asText()).isEqualTo("2026-03");
                    assertThat(c.path("decidedMonth").asText()).isEqualTo("2026-03");
                    assertThat(c.path("cause").path("kind").asText()).isEqualTo("anniversary");
                    assertThat(c.path("previousStatus").asText()).isEqualTo(
                            granted.contains(c.path("serviceCode").asText()) ? "ENTITLED" : "NOT_YET");
                });
            }
        }
        long suspended = changes(holder).size() - granted.size();

        project(Histories.endorsed(holder, history.size(), LocalDate.of(2026, 3, 26)), LocalDate.of(2026, 3, 26));
        List<JsonNode> restorations = changes(holder).stream()
                .filter(c -> c.path("change").asText().equals("RESTORED")).toList();
        assertThat(restorations).hasSize((int) suspended).allSatisfy(c -> {
            assertThat(c.path("effectiveMonth").asText()).isEqualTo("2026-03");
            // day-one services hold again; residence counts again from the late endorsement (Art. 10), so the
            // gradual ones, 德宏's vocational aid among them, are NOT_YET
            assertThat(c.path("status").asText()).isEqualTo(DAY_ONE.contains(c.path("serviceCode").asText())
                    ? "ENTITLED" : "NOT_YET");
            assertThat(c.path("cause").path("eventType").asText()).isEqualTo("PermitEndorsed");
        });
    }

    @Test
    void facts_the_read_model_holds_but_the_topics_miss_are_published_in_order_when_the_holder_is_next_seen() {
        HolderId holder = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> history = Histories.worker(holder, Histories.newCitizen(), 4);
        history.forEach(writer::apply); // as a rebuild or an upgrade leaves them: in the read model only
        project(history.getLast(), LocalDate.of(2026, 1, 10));
        assertThat(outbox(holder, "holder-facts")).extracting(row -> row.get("message_id"))
                .containsExactlyElementsOf(history.stream().map(HolderEventEnvelope::eventId).toList());
    }

    @Test
    void holders_judged_a_run_at_a_time_get_the_messages_they_get_one_at_a_time() {
        LocalDate today = LocalDate.of(2026, 3, 20); // after the first anniversary: suspensions too
        List<List<HolderEventEnvelope>> alone = new java.util.ArrayList<>();
        List<List<HolderEventEnvelope>> together = new java.util.ArrayList<>();
        for (int months = 0; months < 4; months++) {
            alone.add(Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), months));
            together.add(Histories.worker(new HolderId(UUID.randomUUID()), Histories.newCitizen(), months));
        }
        // one holder's first two facts reach the read model only, as after a rebuild: published when next seen
        List<HolderEventEnvelope> missed = together.getLast().subList(0, 2);
        transaction.executeWithoutResult(s -> writer.applyAllInTransaction(missed));
        alone.forEach(history -> history.forEach(event -> project(event, today)));
        for (int i = 0; i < 6; i++) {
            int position = i;
            List<HolderEventEnvelope> run = together.stream().filter(history -> history.size() > position)
                    .map(history -> history.get(position))
                    .filter(event -> !(missed.contains(event))).toList();
            transaction.executeWithoutResult(s -> {
                writer.applyAllInTransaction(run);
                publication.catchUpAll(run.stream().map(event -> UUID.fromString(event.holderId())).toList(), today);
            });
        }
        for (int h = 0; h < alone.size(); h++) {
            HolderId one = HolderId.of(alone.get(h).getFirst().holderId());
            HolderId batched = HolderId.of(together.get(h).getFirst().holderId());
            assertThat(outbox(batched, "holder-facts")).extracting(row -> row.get("message_id"))
                    .containsExactlyElementsOf(together.get(h).stream().map(HolderEventEnvelope::eventId).toList());
            if (h == alone.size() - 1) {
                continue; // first judged at its third event, not at its issue: its changes name another cause
            }
            assertThat(changes(batched)).as("holder %d", h).isNotEmpty()
                    .map(PublicationTest::withoutIdentity)
                    .containsExactlyElementsOf(changes(one).stream().map(PublicationTest::withoutIdentity).toList());
        }
    }

    /**
     * The live projector judges each holder from its facts and last event as the writer has just written them, not
     * read back from the read model: the messages are those judged from the read model's rows.
     */
    @Test
    void holders_judged_as_written_get_the_messages_they_get_judged_from_the_read_model() {
        LocalDate today = LocalDate.of(2026, 3, 20); // after the first anniversary: suspensions too
        List<List<HolderEventEnvelope>> read = new java.util.ArrayList<>();
        List<List<HolderEventEnvelope>> asWritten = new java.util.ArrayList<>();
        for (int months = 0; months < 4; months++) {
            CitizenId citizen = Histories.newCitizen();
            CitizenId older = Histories.newCitizen();
            CitizenId younger = Histories.newCitizen();
            for (List<List<HolderEventEnvelope>> side : List.of(read, asWritten)) {
                HolderId holder = new HolderId(UUID.randomUUID());
                // the two sides' holders alike in all their facts publish: the same sex, the same children
                List<HolderEventEnvelope> history = new java.util.ArrayList<>(
                        Histories.worker(holder, citizen, months));
                history.add(Histories.childYear(holder, history.size(), older, 7 + months));
                history.add(Histories.childYear(holder, history.size(), younger, 1));
                side.add(history);
                do {
                    citizen = Histories.newCitizen(); // citizen IDs are unique in the read model
                } while (citizen.sex() != CitizenId.of(history.getFirst().payload().path("citizenId").asText()).sex());
            }
        }
        for (int position = 0; position < 8; position++) {
            int at = position;
            List<HolderEventEnvelope> readRun = read.stream().filter(history -> history.size() > at)
                    .map(history -> history.get(at)).toList();
            List<HolderEventEnvelope> writtenRun = asWritten.stream().filter(history -> history.size() > at)
                    .map(history -> history.get(at)).toList();
            transaction.executeWithoutResult(s -> {
                writer.applyAllInTransaction(readRun);
                publication.catchUpAll(readRun.stream().map(event -> UUID.fromString(event.holderId())).toList(),
                        today);
                ReadModelWriter.Applied applied = writer.applyAll(writtenRun);
                assertThat(applied.written()).hasSize(writtenRun.size());
                publication.catchUpAll(writtenRun.stream().map(event -> UUID.fromString(event.holderId())).toList(),
                        today, applied.written());
            });
        }
        for (int h = 0; h < read.size(); h++) {
            HolderId fromRows = HolderId.of(read.get(h).getFirst().holderId());
            HolderId written = HolderId.of(asWritten.get(h).getFirst().holderId());
            for (String stream : List.of("holder-facts", "entitlement-changes")) {
                List<JsonNode> expected = messages(fromRows, stream);
                assertThat(expected).as("holder %d, %s", h, stream).isNotEmpty();
                assertThat(messages(written, stream)).as("holder %d, %s", h, stream)
                        .map(PublicationTest::withoutIdentity)
                        .containsExactlyElementsOf(expected.stream().map(PublicationTest::withoutIdentity).toList());
            }
        }
    }

    /** A message without what names its holder: the message id, the holder key, a child's key (its child's). */
    private static JsonNode withoutIdentity(JsonNode change) {
        var copy = (com.fasterxml.jackson.databind.node.ObjectNode) change.deepCopy();
        assertThat(copy.remove("messageId")).isNotNull();
        assertThat(copy.remove("holderKey")).isNotNull();
        copy.remove("childKey");
        return copy;
    }

    /**
     * A holder the read model has but the publication never saw (written in bulk, built by a rebuild) is made due
     * and published by the time path, with no event of its own; a holder published already is left as it is.
     */
    @Test
    void a_holder_never_published_is_scheduled_and_published_by_the_time_path() throws Exception {
        LocalDate today = LocalDate.of(2026, 1, 10);
        HolderId published = new HolderId(UUID.randomUUID());
        Histories.worker(published, Histories.newCitizen(), 2).forEach(event -> project(event, today));
        HolderId unseen = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> history = Histories.worker(unseen, Histories.newCitizen(), 2);
        // as a rebuild writes it: the read model only
        history.forEach(event -> transaction.executeWithoutResult(s -> writer.applyInTransaction(event)));
        List<Map<String, Object>> publishedBefore = outbox(published, "holder-facts");
        assertThat(outbox(unseen, "holder-facts")).isEmpty();

        Integer scheduled = transaction.execute(s -> publication.scheduleUnpublished(today));
        assertThat(scheduled).as("holders never published in this schema").isPositive();
        assertThat(jdbc.queryForObject("SELECT next_check_on FROM publication.holder_publication WHERE holder_id = ?",
                LocalDate.class, unseen.value())).isEqualTo(today);
        Integer again = transaction.execute(s -> publication.scheduleUnpublished(today));
        assertThat(again).as("scheduled once").isZero();
        while (transaction.execute(s -> publication.checkDue(today, 1000)) > 0) {
            // every holder due today judged
        }

        assertThat(outbox(unseen, "holder-facts")).extracting(row -> row.get("message_id"))
                .containsExactlyElementsOf(history.stream().map(HolderEventEnvelope::eventId).toList());
        assertThat(changes(unseen)).extracting(c -> c.path("serviceCode").asText()).containsAll(DAY_ONE);
        assertThat(outbox(published, "holder-facts")).as("published before: nothing again")
                .isEqualTo(publishedBefore);
    }

    private static void project(HolderEventEnvelope event, LocalDate today) {
        transaction.executeWithoutResult(s -> {
            writer.applyInTransaction(event);
            publication.catchUp(UUID.fromString(event.holderId()), today);
        });
    }

    private static List<Map<String, Object>> outbox(HolderId holder, String stream) {
        return jdbc.queryForList("SELECT o.message_id, o.payload FROM publication.outbox o "
                + "JOIN read_model.holder h ON o.message_key = ? WHERE h.holder_id = ? AND o.stream = ? ORDER BY o.id",
                key(holder), holder.value(), stream);
    }

    private static List<JsonNode> changes(HolderId holder) {
        return messages(holder, "entitlement-changes");
    }

    private static List<JsonNode> messages(HolderId holder, String stream) {
        return outbox(holder, stream).stream().map(row -> {
            try {
                return JSON.readTree((String) row.get("payload"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String key(HolderId holder) {
        String citizen = jdbc.queryForObject("SELECT citizen_id FROM read_model.holder WHERE holder_id = ?",
                String.class, holder.value());
        return Pseudonyms.fromBase64(KEY).of(citizen);
    }
}
