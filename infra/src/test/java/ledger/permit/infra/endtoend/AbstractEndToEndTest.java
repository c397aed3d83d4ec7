package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerClient.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end: HTTP, the event store, Kafka, the projector and the query API.
 * One scenario, several backends: each subclass runs it on its own PostgreSQL and Kafka.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEndToEndTest extends LedgerTestSupport {

    static final String TOPIC = "permit-ledger.holder-events";

    /** Starts PostgreSQL, Kafka and the three services; returns how to reach them. */
    protected abstract Ledger startLedger() throws Exception;

    protected abstract void stopLedger() throws Exception;


    @BeforeAll
    void startLedgerOnce() throws Exception {
        ledger = startLedger();
    }

    @AfterAll
    void stopLedgerOnce() throws Exception {
        stopLedger();
    }

    @Test
    void applying_and_issuing_makes_the_six_day_one_services_entitled_within_seconds() {
        LocalDate issuedOn = LocalDate.of(2026, 3, 15);
        String holderId = apply(newCitizen(), "533102", "2025-06-01", "EMPLOYMENT", "2026-03-01");
        post(holderId, "/issuance", Map.of("issuedOn", issuedOn.toString()));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode services = entitlements(holderId, issuedOn).path("services");
            assertThat(statuses(services, "ENTITLED")).containsExactly("LABOUR_EMPLOYMENT", "BASIC_PUBLIC_EDUCATION",
                    "BASIC_MEDICAL_HEALTH", "FAMILY_PLANNING", "PUBLIC_CULTURE", "LICENCE_PROCESSING");
        });
        JsonNode onIssueDay = entitlements(holderId, issuedOn);
        assertThat(onIssueDay.path("holderId").asText()).isEqualTo(holderId);
        assertThat(onIssueDay.path("on").asText()).isEqualTo("2026-03-15");
        for (JsonNode service : onIssueDay.path("services")) {
            if (service.path("status").asText().equals("ENTITLED")) {
                assertThat(service.path("since").asText()).isEqualTo("2026-03-15");
            }
        }
        assertThat(statuses(onIssueDay.path("services"), "NOT_YET")).hasSize(7).contains("HOUSING_SECURITY");
        assertThat(statuses(onIssueDay.path("services"), "NOT_APPLICABLE"))
                .as("no child recorded").containsExactly("CHILD_HIGH_SCHOOL_ADMISSION", "CHILD_COLLEGE_EXAM",
                        "CHILD_JUNIOR_EXAM", "CHILD_VOCATIONAL_ADMISSION");
        assertThat(statuses(entitlements(holderId, issuedOn.minusDays(1)).path("services"), "ENTITLED")).isEmpty();
    }

    @Test
    void an_agency_that_knows_only_the_citizen_id_finds_the_holder() {
        CitizenId citizen = newCitizen();
        String holderId = apply(citizen, "530302", "2025-09-01", "RESIDENCE", "2025-10-05");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Response found = ledger.client().get("/api/v1/holders?citizenId=" + citizen.value());
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body().path("holderId").asText()).isEqualTo(holderId);
        });
        assertThat(statuses(entitlements(holderId, LocalDate.of(2025, 11, 1)).path("services"), "ENTITLED"))
                .as("applied but not issued").isEmpty();
    }

    @Test
    void a_second_application_by_the_same_citizen_opens_no_second_stream() throws SQLException {
        CitizenId citizen = newCitizen();
        String holderId = apply(citizen, "430102", "2021-06-01", "EMPLOYMENT", "2022-02-01");
        long events = eventCount();

        Response again = ledger.client().post("/api/v1/permit-applications",
                application(citizen.value(), "430202", "2024-01-01", "RESIDENCE", "2024-06-01"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.isProblem()).isTrue();
        assertThat(again.body().path("holderId").asText()).isEqualTo(holderId);
        assertThat(eventCount()).isEqualTo(events);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad check digit    | citizenId     | 110105194912310021 | 533102 | 2025-06-01 | EMPLOYMENT | 2026-03-01",
            "unknown basis      | basis         | {citizen}          | 533102 | 2025-06-01 | WORK       | 2026-03-01",
            "malformed date     | residentSince | {citizen}          | 533102 | 2025-02-30 | EMPLOYMENT | 2026-03-01",
            "missing field      | appliedOn     | {citizen}          | 533102 | 2025-06-01 | EMPLOYMENT | ",
            "not a region code  | jurisdiction  | {citizen}          | 5331   | 2025-06-01 | EMPLOYMENT | 2026-03-01",
            "no such province   | jurisdiction  | {citizen}          | 993102 | 2025-06-01 | EMPLOYMENT | 2026-03-01",
            "future application| appliedOn     | {citizen}          | 533102 | 2025-06-01 | EMPLOYMENT | 2999-01-01",
            "resident after     | residentSince | {citizen}          | 533102 | 2026-03-02 | EMPLOYMENT | 2026-03-01",
    })
    void a_refused_application_names_the_field_and_leaves_no_event(String label, String field, String citizenId,
            String jurisdiction, String residentSince, String basis, String appliedOn) throws SQLException {
        long events = eventCount();
        String citizen = citizenId.equals("{citizen}") ? newCitizen().value() : citizenId;
        Map<String, Object> body = application(citizen, jurisdiction, residentSince, basis, appliedOn);
        body.values().removeIf(value -> value == null);

        Response refused = ledger.client().post("/api/v1/permit-applications", body);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.isProblem()).as("content type %s", refused.contentType()).isTrue();
        assertThat(refused.body().path("errors").findValuesAsText("field")).contains(field);
        assertThat(eventCount()).isEqualTo(events);
        assertThat(registeredCitizens(citizen)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "malformed JSON | {\"citizenId\": ",
            "wrong type     | {\"citizenId\": {\"a\": 1}}",
            "unknown field  | {\"citizenId\": \"x\", \"nickname\": \"x\"}",
            "empty body     | ''",
    })
    void an_unreadable_request_is_a_problem_and_leaves_no_event(String label, String json) throws SQLException {
        long events = eventCount();
        Response refused = ledger.client().post("/api/v1/permit-applications", json);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.isProblem()).isTrue();
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void issuing_an_unknown_holder_or_twice_is_refused_without_an_event() throws SQLException {
        long events = eventCount();
        Response unknown = ledger.client().post("/api/v1/holders/" + UUID.randomUUID() + "/issuance",
                Map.of("issuedOn", "2026-01-01"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.isProblem()).isTrue();
        Response notAnId = ledger.client().post("/api/v1/holders/not-a-holder/issuance",
                Map.of("issuedOn", "2026-01-01"));
        assertThat(notAnId.status()).isEqualTo(400);
        assertThat(eventCount()).isEqualTo(events);

        String holderId = apply(newCitizen(), "530902", "2025-03-01", "STUDY", "2025-09-10");
        assertThat(ledger.client().post("/api/v1/holders/" + holderId + "/issuance",
                Map.of("issuedOn", "2025-09-09")).status()).as("before the application").isEqualTo(400);
        post(holderId, "/issuance", Map.of("issuedOn", "2025-09-20"));
        assertThat(ledger.client().post("/api/v1/holders/" + holderId + "/issuance",
                Map.of("issuedOn", "2025-09-21")).status()).as("twice").isEqualTo(409);
        assertThat(eventCount()).isEqualTo(events + 2);
    }

    @Test
    void queries_refuse_bad_input_and_unknown_holders_as_problems() {
        assertThat(ledger.client().get("/api/v1/holders?citizenId=110105194912310021").status()).isEqualTo(400);
        assertThat(ledger.client().get("/api/v1/holders?citizenId=" + newCitizen().value()).status()).isEqualTo(404);
        assertThat(ledger.client().get("/api/v1/holders/" + UUID.randomUUID() + "/entitlements").status())
                .isEqualTo(404);
        Response badDate = ledger.client().get("/api/v1/holders/" + UUID.randomUUID() + "/entitlements?on=2026-02-30");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body().path("errors").findValuesAsText("field")).containsExactly("on");
    }

    @Test
    void each_holders_events_reach_the_topic_in_order_keyed_by_holder() {
        String holderId = apply(newCitizen(), "533103", "2023-05-01", "RESIDENCE", "2023-12-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2023-12-15"));

        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ledger.kafkaBootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "end-to-end-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            Map<String, List<Long>> sequencesByHolder = new HashMap<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode envelope = new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.value());
                    assertThat(envelope.path("holderId").asText()).isEqualTo(record.key());
                    sequencesByHolder.computeIfAbsent(record.key(), k -> new ArrayList<>())
                            .add(envelope.path("sequence").asLong());
                }
                return sequencesByHolder.getOrDefault(holderId, List.of()).size() >= 2;
            });
            assertThat(sequencesByHolder.get(holderId)).startsWith(0L, 1L);
            sequencesByHolder.values().forEach(sequences -> assertThat(sequences).isSorted());
        }
    }

}
