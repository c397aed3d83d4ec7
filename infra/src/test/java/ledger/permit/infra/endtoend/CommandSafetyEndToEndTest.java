package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerClient.Response;
import ledger.permit.infra.local.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing lost, nothing twice: retried requests and concurrent commands on one holder. */
class CommandSafetyEndToEndTest extends EmbeddedLedger {

    @Test
    void a_retry_with_the_same_idempotency_key_returns_the_first_result_and_records_nothing() throws Exception {
        CitizenId citizen = newCitizen();
        String key = UUID.randomUUID().toString();
        Response first = post("/api/v1/permit-applications",
                application(citizen.value(), "533102", "2024-01-01", "EMPLOYMENT", "2025-01-10"), key);
        assertThat(first.status()).isEqualTo(201);
        String holder = first.body().path("holderId").asText();
        long events = holderEvents(holder);
        Response retry = post("/api/v1/permit-applications",
                application(citizen.value(), "533102", "2024-01-01", "EMPLOYMENT", "2025-01-10"), key);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(holderEvents(holder)).isEqualTo(events);

        assertThat(post("/api/v1/holders/" + holder + "/issuance", Map.of("issuedOn", "2025-01-20"), null).status())
                .isEqualTo(200);
        String monthKey = UUID.randomUUID().toString();
        Map<String, Object> month = Map.of("jurisdiction", "533102", "month", "2025-02", "scheme", "PENSION");
        Response recorded = post("/api/v1/holders/" + holder + "/insurance-months", month, monthKey);
        assertThat(recorded.body().path("recorded").asBoolean()).isTrue();
        long afterMonth = holderEvents(holder);
        Response again = post("/api/v1/holders/" + holder + "/insurance-months", month, monthKey);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().path("recorded").asBoolean()).as("the first result, not 'already on record'").isTrue();
        assertThat(holderEvents(holder)).isEqualTo(afterMonth);

        Response reused = post("/api/v1/holders/" + holder + "/insurance-months",
                Map.of("jurisdiction", "533102", "month", "2025-03", "scheme", "PENSION"), monthKey);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.body().path("type").asText()).endsWith("idempotency-key-reused");
        assertThat(holderEvents(holder)).isEqualTo(afterMonth);

        Response badKey = post("/api/v1/holders/" + holder + "/insurance-months",
                Map.of("jurisdiction", "533102", "month", "2025-03", "scheme", "PENSION"), "has space");
        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.body().path("errors").toString()).contains("Idempotency-Key");
    }

    @Test
    void requests_with_one_key_at_once_record_one_fact_and_all_get_its_result() throws Exception {
        String holder = issuedHolder();
        long before = holderEvents(holder);
        String key = UUID.randomUUID().toString();
        Map<String, Object> month = Map.of("jurisdiction", "533102", "month", "2025-04", "scheme", "MEDICAL");
        List<Response> responses = inParallel(8, i -> post("/api/v1/holders/" + holder + "/insurance-months", month, key));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body().path("recorded").asBoolean()).isTrue();
        });
        assertThat(holderEvents(holder)).isEqualTo(before + 1);
    }

    @Test
    void concurrent_commands_on_one_holder_lose_no_update() throws Exception {
        String holder = issuedHolder();
        long before = holderEvents(holder);
        int months = 24;
        List<Response> responses = inParallel(months, i -> post("/api/v1/holders/" + holder + "/insurance-months",
                Map.of("jurisdiction", "533102", "month", YearMonth.of(2023, 1).plusMonths(i).toString(),
                        "scheme", "PENSION"), null));
        assertThat(responses).allSatisfy(r -> {
            assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
            assertThat(r.body().path("recorded").asBoolean()).isTrue();
        });
        assertThat(holderEvents(holder)).isEqualTo(before + months);
        assertSequencesWithoutGap(holder);
    }

    /**
     * Two command services on one event store, each taking half of 32 commands on one holder at once: Axon's
     * lock serialises each instance's own, the store's unique (holder, sequence) key refuses the second of
     * two appends across instances, and the gateway tries that command again. Every command is recorded.
     */
    @Test
    void two_command_services_on_one_store_lose_no_update() throws Exception {
        String holder = issuedHolder();
        long before = holderEvents(holder);
        int months = 32;
        ServiceProcess second = ledger.services().startAnotherCommandService(FreePorts.next());
        try {
            LedgerClient other = new LedgerClient(second.baseUrl(), ledger.client().queryUrl())
                    .withToken(ledger.services().tokens().issue("second-officer", "test-agency",
                            java.time.Duration.ofHours(1), List.of("REGISTRAR")));
            List<Response> responses = inParallel(months, i -> (i % 2 == 0 ? ledger.client() : other).post(
                    "/api/v1/holders/" + holder + "/insurance-months",
                    Map.of("jurisdiction", "533102", "month", YearMonth.of(2020, 1).plusMonths(i).toString(),
                            "scheme", "PENSION")));
            assertThat(responses).allSatisfy(r -> {
                assertThat(r.status()).as("%s", r.body()).isEqualTo(200);
                assertThat(r.body().path("recorded").asBoolean()).isTrue();
            });
            assertThat(second.logFile()).content().as("the second instance took its share")
                    .contains("RecordSocialInsuranceMonth recorded");
        } finally {
            second.close();
        }
        assertThat(holderEvents(holder)).isEqualTo(before + months);
        assertSequencesWithoutGap(holder);
    }

    private void assertSequencesWithoutGap(String holder) throws java.sql.SQLException {
        List<Long> sequences = new ArrayList<>();
        var db = ledger.database();
        try (var connection = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var rows = connection.createStatement().executeQuery("SELECT sequencenumber FROM "
                     + "event_store.domainevententry WHERE aggregateidentifier = '" + UUID.fromString(holder)
                     + "' ORDER BY sequencenumber")) {
            while (rows.next()) {
                sequences.add(rows.getLong(1));
            }
        }
        for (int i = 0; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("no gap, no duplicate").isEqualTo(i);
        }
    }

    @Test
    void a_body_over_the_limit_is_refused_with_413_announced_or_chunked_and_records_nothing() throws Exception {
        long before = eventCount();
        String huge = "{\"citizenId\": \"" + "1".repeat(200_000) + "\"}";
        for (boolean chunked : List.of(false, true)) {
            java.net.http.HttpResponse<String> command = send(ledger.client().commandUrl() + "/api/v1/permit-applications",
                    "application/json", huge, chunked);
            assertThat(command.statusCode()).as("command API, chunked %s", chunked).isEqualTo(413);
            assertThat(command.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            java.net.http.HttpResponse<String> policy = send(ledger.client().queryUrl() + "/api/v1/policies/validate",
                    "application/yaml", "notes: " + "x".repeat(2_000_000), chunked);
            assertThat(policy.statusCode()).as("query API, chunked %s", chunked).isEqualTo(413);
            assertThat(policy.body()).contains("body-too-large");
        }
        assertThat(eventCount()).isEqualTo(before);
    }

    private java.net.http.HttpResponse<String> send(String url, String type, String body, boolean chunked)
            throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var publisher = chunked
                ? java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))
                : java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes);
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                            .header("Content-Type", type).header("Authorization", bearerOfAllRoles())
                            .POST(publisher).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
    }

    private String issuedHolder() {
        String holder = apply(newCitizen(), "533102", "2022-01-01", "EMPLOYMENT", "2022-12-01");
        assertThat(post("/api/v1/holders/" + holder + "/issuance", Map.of("issuedOn", "2022-12-10"), null).status())
                .isEqualTo(200);
        return holder;
    }

    private Response post(String path, Map<String, Object> body, String idempotencyKey) {
        return idempotencyKey == null ? ledger.client().post(path, body)
                : ledger.client().post(path, body, Map.of("Idempotency-Key", idempotencyKey));
    }

    private long holderEvents(String holder) throws java.sql.SQLException {
        return count("SELECT count(*) FROM event_store.domainevententry WHERE aggregateidentifier = '"
                + UUID.fromString(holder) + "'");
    }

    private static List<Response> inParallel(int n, java.util.function.IntFunction<Response> request)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(n, 8));
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(threads.submit(() -> request.apply(index)));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            threads.shutdown();
        }
    }
}
