package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.DatabaseEndpoint;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerClient.Response;
import ledger.permit.infra.local.LedgerServices;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What every test of a running ledger needs: how to reach it, fresh citizens, and small helpers. */
abstract class LedgerTestSupport {

    private static final AtomicInteger NEXT_CITIZEN = new AtomicInteger();

    /** Every role a test client holds: most tests are about the ledger's behaviour, not about who may see it. */
    protected static final String[] ALL_ROLES =
            {"REGISTRAR", "AGENCY", "AUDITOR", "STATISTICS", "POLICY_ADMIN", "MONITORING"};

    /**
     * How a test reaches a running ledger: {@code client} holds every role and states a purpose; the
     * services' token issuer gives clients of other roles.
     */
    protected record Ledger(LedgerClient client, DatabaseEndpoint database, String kafkaBootstrapServers,
                            String projectorUrl, LedgerServices services) {

        static Ledger of(LedgerServices services, DatabaseEndpoint database, String kafkaBootstrapServers) {
            return new Ledger(services.client("test-officer", "test-agency", ALL_ROLES)
                    .withHeader("X-Purpose", "end-to-end-test"), database, kafkaBootstrapServers,
                    services.projectorUrl(), services);
        }
    }

    protected Ledger ledger;

    /** A citizen ID no other test uses: hukou in 成都, a birth date and sequence of this run's own. */
    protected static CitizenId newCitizen() {
        int n = NEXT_CITIZEN.incrementAndGet();
        int run = (int) (ProcessHandle.current().pid() % 900);
        LocalDate born = LocalDate.of(1960, 1, 1).plusDays((run * 37L + n) % 14_000);
        return CitizenId.withCheckCharacter(String.format("510104%s%03d",
                born.toString().replace("-", ""), n % 1000));
    }

    /** An Authorization header value holding every role, for tests that send their own HTTP requests. */
    protected String bearerOfAllRoles() {
        return "Bearer " + ledger.services().tokens().issue("test-officer", "test-agency", java.time.Duration.ofHours(1),
                List.of(ALL_ROLES));
    }

    protected String apply(CitizenId citizen, String jurisdiction, String residentSince, String basis,
                           String appliedOn) {
        Response response = ledger.client().post("/api/v1/permit-applications",
                application(citizen.value(), jurisdiction, residentSince, basis, appliedOn));
        assertThat(response.status()).as("application accepted: %s", response.body()).isEqualTo(201);
        return response.body().path("holderId").asText();
    }

    protected static Map<String, Object> application(String citizenId, String jurisdiction, String residentSince,
                                                     String basis, String appliedOn) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("citizenId", citizenId);
        body.put("jurisdiction", jurisdiction);
        body.put("residentSince", residentSince);
        body.put("basis", basis);
        body.put("appliedOn", appliedOn);
        return body;
    }

    protected JsonNode entitlements(String holderId, LocalDate on) {
        Response response = ledger.client().get("/api/v1/holders/" + holderId + "/entitlements?on=" + on);
        assertThat(response.status()).as("entitlements of %s: %s", holderId, response.body()).isEqualTo(200);
        return response.body();
    }

    /** A command about the holder, which must be accepted; its answer. */
    protected JsonNode post(String holderId, String path, Map<String, Object> body) {
        Response response = ledger.client().post("/api/v1/holders/" + holderId + path, body);
        assertThat(response.status()).as("%s: %s", path, response.body()).isEqualTo(200);
        return response.body();
    }

    /** The service of that code in an entitlements answer. */
    protected static JsonNode service(JsonNode entitlements, String code) {
        for (JsonNode service : entitlements.path("services")) {
            if (service.path("code").asText().equals(code)) {
                return service;
            }
        }
        throw new AssertionError("no " + code + " in " + entitlements);
    }

    protected static List<String> statuses(JsonNode services, String status) {
        List<String> codes = new ArrayList<>();
        services.forEach(s -> {
            if (s.path("status").asText().equals(status)) {
                codes.add(s.path("code").asText());
            }
        });
        return codes;
    }

    protected long eventCount() throws SQLException {
        return count("SELECT count(*) FROM event_store.domainevententry");
    }

    protected long registeredCitizens(String citizenId) throws SQLException {
        return count("SELECT count(*) FROM event_store.citizen_holder WHERE citizen_id = '"
                + citizenId.replace("'", "") + "'");
    }

    /**
     * Waits until the projector has applied every stored event of these holders, has published every holder of the
     * read model but those waiting for a class of k (parked: no check due), and the relay has sent it all; and that
     * it stays so a few seconds, while the projector looks for classes for the waiting ones.
     */
    protected void awaitPublished(List<String> holders) {
        String ids = holders.stream().map(id -> "'" + java.util.UUID.fromString(id) + "'")
                .collect(java.util.stream.Collectors.joining(","));
        java.util.concurrent.Callable<Boolean> settled = () ->
                count("SELECT count(*) FROM (SELECT aggregateidentifier, max(sequencenumber) AS last "
                        + "FROM event_store.domainevententry WHERE aggregateidentifier IN (" + ids + ") "
                        + "GROUP BY aggregateidentifier) stored JOIN read_model.holder h "
                        + "ON h.holder_id::text = stored.aggregateidentifier AND h.last_sequence = stored.last")
                        == holders.size()
                        && count("SELECT count(*) FROM read_model.holder h LEFT JOIN publication.holder_publication p "
                        + "USING (holder_id) WHERE p.holder_id IS NULL OR p.published_sequence <> h.last_sequence "
                        + "AND p.next_check_on IS NOT NULL") == 0
                        && count("SELECT count(*) FROM publication.outbox") == 0;
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(settled);
        try {
            Thread.sleep(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(settled);
    }

    protected long count(String sql) throws SQLException {
        DatabaseEndpoint db = ledger.database();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
             var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
