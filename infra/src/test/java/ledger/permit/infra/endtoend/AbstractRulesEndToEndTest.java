package ledger.permit.infra.endtoend;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.LedgerClient.Response;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sample of the policy scenarios through the whole system: the command API, the event store, Kafka,
 * the projector and the query API. Record time here is the ledger's own clock.
 */
abstract class AbstractRulesEndToEndTest extends AbstractEndToEndTest {

    @Test
    void an_application_the_policy_refuses_is_a_422_with_each_unmet_clause_and_is_itself_recorded()
            throws SQLException {
        CitizenId citizen = newCitizen();
        long events = eventCount();
        Response refused = ledger.client().post("/api/v1/permit-applications",
                application(citizen.value(), "530302", "2025-09-01", "RESIDENCE", "2025-09-20"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.body().path("policy").asText()).isEqualTo("yn-qujing");
        JsonNode unmet = refused.body().path("unmet").get(0);
        assertThat(unmet.path("document").asText()).isEqualTo("曲政发〔2015〕82号");
        assertThat(unmet.path("clause").asText()).isEqualTo("十二");
        assertThat(eventCount()).as("the refusal is a fact").isEqualTo(events + 1);
        String holderId = refused.body().path("holderId").asText();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                entitlements(holderId, LocalDate.of(2025, 10, 1)).path("permit").path("status").asText())
                .isEqualTo("REFUSED"));

        Response again = ledger.client().post("/api/v1/permit-applications",
                application(citizen.value(), "530302", "2025-09-01", "RESIDENCE", "2025-10-05"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("holderId").asText()).as("the same holder").isEqualTo(holderId);
    }

    @Test
    void a_late_endorsement_suspends_from_the_anniversary_and_restarts_the_continuity_clock() {
        String holderId = apply(newCitizen(), "533103", "2019-03-01", "RESIDENCE", "2020-03-02");
        post(holderId, "/issuance", Map.of("issuedOn", "2020-03-16"));
        post(holderId, "/endorsements", Map.of("endorsedOn", "2021-03-01"));
        post(holderId, "/endorsements", Map.of("endorsedOn", "2022-05-10"));

        // every fact projected: the late endorsement, the last of them, restores the permit
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                entitlements(holderId, LocalDate.of(2022, 5, 10)).path("permit").path("continuousResidenceSince")
                        .asText()).isEqualTo("2022-05-10"));
        assertThat(service(entitlements(holderId, LocalDate.of(2022, 3, 16)), "LABOUR_EMPLOYMENT").path("status")
                .asText()).isEqualTo("SUSPENDED");
        JsonNode before = entitlements(holderId, LocalDate.of(2022, 3, 15));
        assertThat(service(before, "SECONDARY_VOCATIONAL_AID").path("status").asText()).isEqualTo("ENTITLED");

        JsonNode restored = entitlements(holderId, LocalDate.of(2022, 5, 10));
        assertThat(restored.path("permit").path("continuousResidenceSince").asText()).isEqualTo("2022-05-10");
        JsonNode labour = service(restored, "LABOUR_EMPLOYMENT");
        assertThat(labour.path("status").asText()).isEqualTo("ENTITLED");
        assertThat(labour.path("since").asText()).isEqualTo("2022-05-10");
        assertThat(labour.path("explanation").path("en").toString()).contains("came late on 2022-05-10");
        JsonNode aid = service(restored, "SECONDARY_VOCATIONAL_AID");
        assertThat(aid.path("status").asText()).as("earned on the old run, not yet on the new").isEqualTo("NOT_YET");
        assertThat(aid.path("expectedOn").asText()).isEqualTo("2023-05-10");
        assertThat(aid.path("progress").path("residenceMonths").asInt()).isZero();
        assertThat(aid.path("basis").findValuesAsText("document")).contains("德政办发〔2016〕142号");
    }

    @Test
    void a_back_paid_month_changes_the_answer_known_after_it_and_not_before() throws InterruptedException {
        String holderId = apply(newCitizen(), "530302", "2024-01-01", "EMPLOYMENT", "2024-02-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2024-02-10"));
        post(holderId, "/endorsements", Map.of("endorsedOn", "2025-02-01"));
        for (String month : new String[]{"2025-07", "2025-08", "2025-09", "2025-10", "2025-11"}) {
            post(holderId, "/insurance-months", Map.of("jurisdiction", "530302", "month", month, "scheme", "PENSION"));
        }
        Thread.sleep(5);
        Instant beforeBackPay = Instant.now();
        Thread.sleep(5);
        post(holderId, "/insurance-months", Map.of("jurisdiction", "530302", "month", "2025-06", "scheme", "PENSION",
                "paidOn", "2026-02-20"));

        LocalDate on = LocalDate.of(2026, 1, 15);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service(
                entitlements(holderId, on), "EMPLOYMENT_ASSISTANCE").path("status").asText()).isEqualTo("ENTITLED"));
        JsonNode now = service(entitlements(holderId, on), "EMPLOYMENT_ASSISTANCE");
        assertThat(now.path("progress").path("insuranceMonths").asInt()).isEqualTo(6);

        Response earlier = ledger.client().get("/api/v1/holders/" + holderId + "/entitlements?on=" + on
                + "&knownAt=" + beforeBackPay);
        assertThat(earlier.status()).isEqualTo(200);
        JsonNode then = service(earlier.body(), "EMPLOYMENT_ASSISTANCE");
        assertThat(then.path("status").asText()).isEqualTo("NOT_YET");
        assertThat(then.path("progress").path("insuranceMonths").asInt()).isEqualTo(5);
        assertThat(earlier.body().path("knownAt").asText()).isEqualTo(beforeBackPay.toString());
    }

    @Test
    void the_same_insurance_month_and_scheme_twice_counts_once() throws SQLException {
        String holderId = apply(newCitizen(), "530302", "2024-01-01", "EMPLOYMENT", "2024-02-01");
        Map<String, Object> march = Map.of("jurisdiction", "530302", "month", "2025-03", "scheme", "MEDICAL");
        assertThat(post(holderId, "/insurance-months", march).path("recorded").asBoolean()).isTrue();
        long events = eventCount();
        assertThat(post(holderId, "/insurance-months", march).path("recorded").asBoolean()).isFalse();
        assertThat(eventCount()).isEqualTo(events);
    }

    @Test
    void the_policies_are_listed_with_their_sources_and_a_candidate_breaking_a_cap_is_refused_by_clause() {
        Response list = ledger.client().get("/api/v1/policies");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().findValuesAsText("id")).contains("cn-national", "yn-dehong", "yn-qujing",
                "yn-lincang", "seed003-central-city", "hn-hunan");
        assertThat(list.body().findValuesAsText("seed")).contains("000_d0458b583cf73b74.txt",
                "004_dae26eb579babdae.txt");
        JsonNode seed003 = java.util.stream.StreamSupport.stream(list.body().spliterator(), false)
                .filter(p -> p.path("id").asText().equals("seed003-central-city")).findFirst().orElseThrow();
        assertThat(seed003.path("regions").toString()).contains("530100");

        Response firstTwo = ledger.client().get("/api/v1/policies?page=0&size=2");
        assertThat(firstTwo.body().size()).as("paged").isEqualTo(2);
        assertThat(ledger.client().get("/api/v1/policies?size=0").status()).isEqualTo(400);

        Response dehong = ledger.client().get("/api/v1/policies/yn-dehong");
        assertThat(dehong.status()).isEqualTo(200);
        assertThat(dehong.body().get(0).path("application").path("minResidence").asText()).isEqualTo("P6M");
        assertThat(ledger.client().get("/api/v1/policies/no-such-policy").status()).isEqualTo(404);

        Response checked = ledger.client().postToQuery("/api/v1/policies/validate", "application/yaml", """
                id: changsha
                version: 1
                title: 长沙 candidate
                sources:
                  - {document: 长沙测试文件, title: test, issued: 2020-01-01, seed: null}
                regions: ["430100"]
                effectiveFrom: 2020-01-01
                parent: hn-hunan
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 长沙测试文件, clause: 一}
                    routes:
                      - id: large-city
                        conditions:
                          - {type: cityTier, tiers: [LARGE], localChoice: 长沙为大城市}
                          - {type: insurance, months: 48, continuous: true, localChoice: 四年}
                """);
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.body().path("valid").asBoolean()).isFalse();
        assertThat(checked.body().path("findings").get(0).path("message").asText())
                .contains("asks 48 months where at most 36 are allowed");
        assertThat(checked.body().path("findings").get(0).path("clause").path("clause").asText()).isEqualTo("三（二）");

        Response unreadable = ledger.client().postToQuery("/api/v1/policies/validate", "application/yaml",
                "id: x\nservices:\n  FREE_LUNCH: {dayOne: true}\n");
        assertThat(unreadable.body().path("valid").asBoolean()).isFalse();
        assertThat(unreadable.body().path("findings").toString()).contains("FREE_LUNCH");
    }

    @Test
    void both_apis_describe_themselves_in_openapi_3_with_swagger_ui() {
        JsonNode query = ledger.client().get("/v3/api-docs").body();
        assertThat(query.path("openapi").asText()).startsWith("3.");
        assertThat(query.path("paths").has("/api/v1/holders/{holderId}/entitlements")).isTrue();
        assertThat(query.path("paths").has("/api/v1/holders/{holderId}/audit")).isTrue();
        assertThat(ledger.client().get("/swagger-ui/index.html").status()).isEqualTo(200);
        JsonNode command = ledger.client().getFromCommand("/v3/api-docs").body();
        assertThat(command.path("paths").has("/api/v1/permit-applications")).isTrue();
        assertThat(command.path("paths").has("/api/v1/holders/{holderId}/insurance-months")).isTrue();
    }
}
