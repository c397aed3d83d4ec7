package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerClient.Response;
import ledger.permit.infra.local.LocalTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what, endpoint by endpoint and role by role: 401 without a token (or with one the services must
 * not accept), 403 with a role the endpoint does not serve, never a 500; and the access log: every read of one
 * holder on record, append-only, and no read answered that could not be recorded.
 */
class AccessControlEndToEndTest extends EmbeddedLedger {

    private static final List<String> ROLES = List.of(ALL_ROLES);
    private static final String NO_TOKEN = "(no token)";

    private enum Service { COMMAND, QUERY, PROJECTOR }

    /** One endpoint and the roles it serves ({@code null}: open to anyone, token or not). */
    private record Endpoint(Service service, String method, String path, String body, Set<String> roles) {
    }

    @Test
    void every_endpoint_answers_every_role_as_the_table_says() throws SQLException {
        Holder opened = issuedHolder();
        String holder = opened.id();
        String citizen = opened.citizen();
        List<Endpoint> table = table(holder, citizen);
        long events = eventCount();

        List<String> wrong = new ArrayList<>();
        int cases = 0;
        for (Endpoint endpoint : table) {
            List<String> callers = new ArrayList<>(ROLES);
            callers.add(NO_TOKEN);
            for (String caller : callers) {
                Response response = call(endpoint, caller);
                cases++;
                int expected = expected(endpoint, caller);
                String seen = endpoint.method() + " " + endpoint.service() + " " + endpoint.path() + " as " + caller
                        + ": " + response.status();
                if (response.status() >= 500) {
                    wrong.add(seen + " (a server error)");
                } else if (expected == 0 && (response.status() == 401 || response.status() == 403)) {
                    wrong.add(seen + ", expected to be served");
                } else if (expected != 0 && response.status() != expected) {
                    wrong.add(seen + ", expected " + expected);
                } else if (expected != 0 && !response.isProblem()) {
                    wrong.add(seen + " without a problem document");
                }
            }
        }
        assertThat(wrong).as("of %d cases", cases).isEmpty();
        assertThat(cases).isEqualTo(table.size() * (ROLES.size() + 1));
        assertThat(eventCount()).as("the table records nothing").isEqualTo(events);
    }

    @Test
    void tokens_the_services_must_not_accept_get_401(@TempDir Path anotherIssuer) throws Exception {
        String holder = issuedHolder().id();
        LocalTokens tokens = ledger.services().tokens();
        LocalTokens stranger = LocalTokens.loadOrCreate(anotherIssuer.resolve("token-signing-key.jwk"));
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("expired", tokens.issue("auditor-1", null, Duration.ofMinutes(-10), List.of("AUDITOR")));
        refused.put("for another audience", tokens.issue("auditor-1", null, Duration.ofHours(1), List.of("AUDITOR"),
                "another-service"));
        refused.put("signed with another key", stranger.issue("auditor-1", null, Duration.ofHours(1),
                List.of("AUDITOR")));
        refused.put("not a token", "abc.def.ghi");
        String accepted = tokens.issue("auditor-1", null, Duration.ofHours(1), List.of("AUDITOR"));
        String path = "/api/v1/holders/" + holder + "/history";
        assertThat(client(accepted).get(path).status()).as("the same request with a good token").isEqualTo(200);
        refused.forEach((why, token) -> {
            Response response = client(token).get(path);
            assertThat(response.status()).as(why).isEqualTo(401);
            assertThat(response.isProblem()).as(why).isTrue();
            assertThat(response.body().path("type").asText()).isEqualTo("urn:permit-ledger:problem:unauthenticated");
        });
    }

    @Test
    void the_recorder_of_a_fact_is_the_token_subject_and_headers_cannot_claim_another() throws SQLException {
        String holder = issuedHolder().id();
        LedgerClient officer = ledger.services().client("officer-7", "mangshi-psb", "REGISTRAR");
        Response endorsed = officer.post("/api/v1/holders/" + holder + "/endorsements",
                Map.of("endorsedOn", "2024-03-01"));
        assertThat(endorsed.status()).isEqualTo(200);
        long events = eventCount();
        Response impostor = officer.post("/api/v1/holders/" + holder + "/endorsements",
                Map.of("endorsedOn", "2025-03-01"), Map.of("X-Actor", "officer-8"));
        assertThat(impostor.status()).isEqualTo(400);
        assertThat(impostor.body().path("errors").findValuesAsText("field")).containsExactly("X-Actor");
        assertThat(eventCount()).isEqualTo(events);

        JsonNode history = ledger.client().get("/api/v1/holders/" + holder + "/history").body().path("events");
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("type").asText()).isEqualTo("PermitEndorsed");
        assertThat(last.path("actor").asText()).isEqualTo("officer-7");
        assertThat(last.path("agency").asText()).isEqualTo("mangshi-psb");
    }

    @Test
    void every_read_of_a_holder_is_recorded_with_who_why_and_what() throws SQLException {
        Holder opened = issuedHolder();
        String holder = opened.id();
        String citizen = opened.citizen();
        LedgerClient agency = ledger.services().client("clerk-12", "ruili-hrss", "AGENCY");
        LedgerClient auditor = ledger.services().client("auditor-3", "provincial-audit", "AUDITOR");
        long before = accesses(holder);

        Response unexplained = agency.get("/api/v1/holders/" + holder + "/entitlements");
        assertThat(unexplained.status()).as("an agency states its purpose").isEqualTo(400);
        assertThat(unexplained.body().path("errors").findValuesAsText("field")).containsExactly("X-Purpose");
        assertThat(accesses(holder)).as("a refused read is not an access").isEqualTo(before);

        LedgerClient explained = agency.withHeader("X-Purpose", "%E5%85%A5%E5%AD%A6%E8%B5%84%E6%A0%BC");
        // the read model learns of the holder a moment after the command: only an answered lookup is an access
        await().atMost(Duration.ofSeconds(15)).until(
                () -> explained.get("/api/v1/holders?citizenId=" + citizen).status() == 200);
        assertThat(explained.get("/api/v1/holders/" + holder + "/entitlements?on=2025-01-01").status())
                .isEqualTo(200);
        for (String read : List.of("history", "audit", "verification")) {
            assertThat(auditor.get("/api/v1/holders/" + holder + "/" + read).status()).as(read).isEqualTo(200);
        }
        Response listed = auditor.get("/api/v1/holders/" + holder + "/accesses?size=500");
        assertThat(listed.status()).isEqualTo(200);
        JsonNode accesses = listed.body().path("accesses");
        List<JsonNode> mine = new ArrayList<>();
        accesses.forEach(a -> {
            if (Set.of("clerk-12", "auditor-3").contains(a.path("subject").asText())) {
                mine.add(a);
            }
        });
        assertThat(mine).extracting(a -> a.path("resource").asText())
                .containsExactly("holder-lookup", "entitlements", "history", "audit", "verification", "accesses");
        JsonNode entitlements = mine.get(1);
        assertThat(entitlements.path("role").asText()).isEqualTo("AGENCY");
        assertThat(entitlements.path("agency").asText()).isEqualTo("ruili-hrss");
        assertThat(entitlements.path("purpose").asText()).isEqualTo("入学资格");
        assertThat(entitlements.path("query").asText()).isEqualTo("on=2025-01-01");
        assertThat(entitlements.path("accessedAt").asText()).isNotEmpty();
        assertThat(mine.get(2).path("role").asText()).isEqualTo("AUDITOR");
        assertThat(mine.get(2).path("agency").asText()).isEqualTo("provincial-audit");
        assertThat(listed.body().path("total").asLong()).isEqualTo(before + 6);

        Response export = auditor.get("/api/v1/holders/" + holder + "/accesses/export");
        assertThat(export.status()).isEqualTo(200);
        assertThat(export.contentType()).startsWith("text/csv");
        List<String> lines = export.body().asText().lines().toList();
        assertThat(lines.get(0)).isEqualTo("id,accessedAt,holderId,subject,role,agency,purpose,resource,query");
        assertThat(lines).hasSize((int) (before + 7) + 1);
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("clerk-12").contains("入学资格")
                .contains("entitlements"));
        assertThat(lines.get(lines.size() - 1)).contains("auditor-3").contains("accesses-export");
    }

    @Test
    void the_access_log_is_append_only_and_a_read_it_cannot_record_is_refused() throws SQLException {
        String holder = issuedHolder().id();
        await().atMost(Duration.ofSeconds(15)).until(
                () -> ledger.client().get("/api/v1/holders/" + holder + "/entitlements").status() == 200);
        try (Connection db = connect(); var statement = db.createStatement()) {
            for (String change : List.of("UPDATE access_log.holder_access SET purpose = 'x'",
                    "DELETE FROM access_log.holder_access", "TRUNCATE access_log.holder_access")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change).isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        long before = accesses(holder);
        try (Connection db = connect(); var statement = db.createStatement()) {
            statement.execute("ALTER TABLE access_log.holder_access RENAME TO holder_access_away");
            try {
                for (String read : List.of("entitlements", "history", "audit", "verification")) {
                    Response refused = ledger.client().get("/api/v1/holders/" + holder + "/" + read);
                    assertThat(refused.status()).as(read).isEqualTo(503);
                    assertThat(refused.body().path("type").asText())
                            .isEqualTo("urn:permit-ledger:problem:access-not-recorded");
                    assertThat(refused.body().toString()).as("no holder data in the refusal").doesNotContain("services")
                            .doesNotContain("events").doesNotContain("changes");
                }
                Response unknown = ledger.client().get("/api/v1/holders/" + UUID.randomUUID() + "/entitlements");
                assertThat(unknown.status()).as("a read of no holder is refused too: its record comes first")
                        .isEqualTo(503);
                JsonNode health = ledger.client().get("/actuator/health").body();
                assertThat(health.path("components").path("accessLog").path("status").asText()).isEqualTo("DOWN");
            } finally {
                statement.execute("ALTER TABLE access_log.holder_access_away RENAME TO holder_access");
            }
        }
        assertThat(ledger.client().get("/api/v1/holders/" + holder + "/entitlements").status()).isEqualTo(200);
        assertThat(accesses(holder)).as("only the read that was answered is on record").isEqualTo(before + 1);
    }

    private List<Endpoint> table(String holder, String citizen) {
        Set<String> registrar = Set.of("REGISTRAR");
        Set<String> auditor = Set.of("AUDITOR");
        Set<String> monitoring = Set.of("MONITORING");
        Set<String> nobody = Set.of();
        String h = "/api/v1/holders/" + holder;
        List<Endpoint> table = new ArrayList<>();
        for (String command : List.of("/api/v1/permit-applications", h + "/issuance", h + "/rejection",
                h + "/endorsements", h + "/residence-records", h + "/insurance-months",
                h + "/insurance-months/retractions", h + "/children/" + citizen + "/school-years",
                h + "/children/" + citizen + "/completions", h + "/hukou", h + "/qualifications",
                h + "/moves", h + "/settlement", h + "/cancellation")) {
            table.add(new Endpoint(Service.COMMAND, "POST", command, "{}", registrar));
        }
        table.add(new Endpoint(Service.QUERY, "GET", "/api/v1/holders?citizenId=" + citizen, null,
                Set.of("AGENCY", "AUDITOR", "REGISTRAR")));
        table.add(new Endpoint(Service.QUERY, "GET", h + "/entitlements", null, Set.of("AGENCY", "AUDITOR")));
        for (String read : List.of("/history", "/audit", "/verification", "/accesses", "/accesses/export")) {
            table.add(new Endpoint(Service.QUERY, "GET", h + read, null, auditor));
        }
        for (String statistics : List.of("/holders", "/services", "/changes")) {
            table.add(new Endpoint(Service.QUERY, "GET", "/api/v1/statistics" + statistics, null,
                    Set.of("STATISTICS")));
        }
        Set<String> readers = Set.of("REGISTRAR", "AGENCY", "AUDITOR", "STATISTICS", "POLICY_ADMIN");
        table.add(new Endpoint(Service.QUERY, "GET", "/api/v1/policies", null, readers));
        table.add(new Endpoint(Service.QUERY, "GET", "/api/v1/policies/yn-dehong", null, readers));
        table.add(new Endpoint(Service.QUERY, "POST", "/api/v1/policies/validate", "id: x\n", Set.of("POLICY_ADMIN")));
        for (Service service : Service.values()) {
            table.add(new Endpoint(service, "GET", "/actuator/health", null, null));
            table.add(new Endpoint(service, "GET", "/actuator/prometheus", null, monitoring));
            for (String closed : List.of("/actuator", "/actuator/env", "/actuator/beans", "/actuator/heapdump")) {
                table.add(new Endpoint(service, "GET", closed, null, nobody));
            }
        }
        table.add(new Endpoint(Service.QUERY, "GET", "/", null, null));
        table.add(new Endpoint(Service.QUERY, "GET", "/v3/api-docs", null, null));
        table.add(new Endpoint(Service.COMMAND, "GET", "/v3/api-docs", null, null));
        table.add(new Endpoint(Service.QUERY, "GET", "/api/v1/no-such-endpoint", null, nobody));
        return table;
    }

    /** 0: served (any status but 401 and 403, and not a 5xx); otherwise the refusal expected. */
    private static int expected(Endpoint endpoint, String caller) {
        if (endpoint.roles() == null) {
            return 0;
        }
        if (caller.equals(NO_TOKEN)) {
            return 401;
        }
        return endpoint.roles().contains(caller) ? 0 : 403;
    }

    private Response call(Endpoint endpoint, String caller) {
        LedgerClient client = caller.equals(NO_TOKEN) ? new LedgerClient(ledger.client().commandUrl(),
                ledger.client().queryUrl()) : ledger.services().client("table-" + caller.toLowerCase(), "table-agency",
                caller);
        client = client.withHeader("X-Purpose", "access-table");
        String base = switch (endpoint.service()) {
            case COMMAND -> ledger.client().commandUrl();
            case QUERY -> ledger.client().queryUrl();
            case PROJECTOR -> ledger.projectorUrl();
        };
        return endpoint.method().equals("GET") ? client.getFrom(base + endpoint.path())
                : client.postTo(base + endpoint.path(), endpoint.path().endsWith("validate") ? "application/yaml"
                : "application/json", endpoint.body());
    }

    private LedgerClient client(String token) {
        return new LedgerClient(ledger.client().commandUrl(), ledger.client().queryUrl()).withToken(token);
    }

    /** A holder with a permit issued in 瑞丽, and the citizen ID it was opened with. */
    private record Holder(String id, String citizen) {
    }

    private Holder issuedHolder() {
        CitizenId citizen = newCitizen();
        String holder = apply(citizen, "533102", "2022-01-01", "EMPLOYMENT", "2022-12-01");
        post(holder, "/issuance", Map.of("issuedOn", "2022-12-15"));
        return new Holder(holder, citizen.value());
    }

    private long accesses(String holder) throws SQLException {
        return count("SELECT count(*) FROM access_log.holder_access WHERE holder_id = '" + holder + "'");
    }

    private Connection connect() throws SQLException {
        var db = ledger.database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
