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
                    requiresPermit: false
                    routes:
                      - id: large-city
                        basis: {document: 长沙测试文件, clause: 一}
                        conditions:
                          - {type: cityTier, tiers: [LARGE], localChoice: 长沙为大城市}
                          - {type: insurance, months: 48, continuous: true, localChoice: 四年}
                """);
        assertThat(checked.body().path("findings").size()).as("the cap alone: %s", checked.body()).isEqualTo(1);
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
    void a_2014_permit_in_ruili_endorsed_on_time_in_2016_keeps_its_residence_counted_from_its_application() {
        String holderId = apply(newCitizen(), "533102", "2014-03-01", "EMPLOYMENT", "2014-09-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2014-09-20"));
        // the first anniversary, 2015-09-20, came before Decree 663: an endorsement then is kept, and due nothing
        assertThat(post(holderId, "/endorsements", Map.of("endorsedOn", "2015-09-10")).path("recorded").asBoolean())
                .isTrue();
        post(holderId, "/endorsements", Map.of("endorsedOn", "2016-09-05"));

        LocalDate on = LocalDate.of(2017, 3, 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service(entitlements(holderId, on),
                "SOCIAL_ASSISTANCE").path("status").asText()).isEqualTo("ENTITLED"));
        JsonNode answer = entitlements(holderId, on);
        assertThat(answer.path("permit").path("status").asText()).isEqualTo("VALID");
        assertThat(answer.path("permit").path("continuousResidenceSince").asText()).isEqualTo("2014-03-01");
        assertThat(answer.path("permit").path("jurisdictionName").asText()).isEqualTo("瑞丽市");
        JsonNode assistance = service(answer, "SOCIAL_ASSISTANCE");
        assertThat(assistance.path("since").asText()).isEqualTo("2017-03-01");
        assertThat(assistance.path("progress").path("residenceMonths").asInt()).isEqualTo(36);
        assertThat(assistance.has("expectedOn")).as("no expectedOn for a service held").isFalse();
    }

    @Test
    void a_holder_in_a_hunan_county_level_city_settles_on_a_stable_residence() {
        String holderId = apply(newCitizen(), "430181", "2025-01-01", "RESIDENCE", "2025-07-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2025-07-10"));
        post(holderId, "/qualifications", Map.of("kind", "STABLE_RESIDENCE", "jurisdiction", "430181",
                "obtainedOn", "2025-03-01", "description", "购房"));

        LocalDate on = LocalDate.of(2025, 7, 10);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service(entitlements(holderId, on),
                "HUKOU_SETTLEMENT").path("status").asText()).isEqualTo("ENTITLED"));
        JsonNode settlement = service(entitlements(holderId, on), "HUKOU_SETTLEMENT");
        assertThat(settlement.path("route").asText()).isEqualTo("small-city-and-towns");
        assertThat(settlement.path("basis").toString()).contains("三（一）");
        assertThat(settlement.path("explanation").path("zh").toString()).contains("浏阳市 430181");
    }

    @Test
    void a_child_who_left_in_grade_9_is_not_admitted_and_one_who_completed_junior_school_is() {
        String holderId = apply(newCitizen(), "533102", "2019-06-01", "EMPLOYMENT", "2020-03-02");
        post(holderId, "/issuance", Map.of("issuedOn", "2020-03-16"));
        for (String endorsed : new String[]{"2021-03-10", "2022-03-10", "2023-03-10", "2024-03-10"}) {
            post(holderId, "/endorsements", Map.of("endorsedOn", endorsed));
        }
        String completed = CitizenId.withCheckCharacter("51010420090505" + String.format("%03d",
                Math.abs(holderId.hashCode()) % 1000)).value();
        String left = CitizenId.withCheckCharacter("51010420100505" + String.format("%03d",
                Math.abs(holderId.hashCode()) % 1000)).value();
        for (String child : new String[]{completed, left}) {
            for (int grade = 7; grade <= 9; grade++) {
                int year = 2021 + grade - 7;
                String to = grade == 9 && child.equals(left) ? "2024-03-15" : (year + 1) + "-07-15";
                post(holderId, "/children/" + child + "/school-years", Map.of("jurisdiction", "533102",
                        "level", "JUNIOR_SECONDARY", "grade", String.valueOf(grade), "from", year + "-09-01", "to", to));
            }
        }
        post(holderId, "/children/" + completed + "/completions", Map.of("jurisdiction", "533102",
                "level", "JUNIOR_SECONDARY", "completedOn", "2024-07-10"));

        LocalDate on = LocalDate.of(2024, 7, 20);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(childService(entitlements(holderId, on),
                "CHILD_HIGH_SCHOOL_ADMISSION", completed).path("status").asText()).isEqualTo("ENTITLED"));
        JsonNode answer = entitlements(holderId, on);
        assertThat(childService(answer, "CHILD_HIGH_SCHOOL_ADMISSION", completed).path("since").asText())
                .isEqualTo("2024-07-10");
        JsonNode notAdmitted = childService(answer, "CHILD_HIGH_SCHOOL_ADMISSION", left);
        assertThat(notAdmitted.path("status").asText()).isEqualTo("NOT_YET");
        assertThat(notAdmitted.path("progress").path("schoolYears").asInt()).as("three school years on record")
                .isEqualTo(3);
        assertThat(notAdmitted.has("expectedOn") && notAdmitted.path("expectedOn").isNull())
                .as("expectedOn present, and null: going on as now is not enough").isTrue();
        assertThat(notAdmitted.path("explanation").path("en").toString()).contains("has not completed");
        assertThat(childService(answer, "CHILD_VOCATIONAL_ADMISSION", completed).path("status").asText())
                .isEqualTo("ENTITLED");
    }

    @Test
    void a_lapsed_dehong_holder_with_a_stable_residence_can_still_settle() {
        String holderId = apply(newCitizen(), "533103", "2019-01-01", "RESIDENCE", "2019-08-01");
        post(holderId, "/issuance", Map.of("issuedOn", "2019-08-10"));
        post(holderId, "/endorsements", Map.of("endorsedOn", "2020-07-20"));
        post(holderId, "/qualifications", Map.of("kind", "STABLE_RESIDENCE", "jurisdiction", "533103",
                "obtainedOn", "2021-09-01", "description", "购房"));

        LocalDate on = LocalDate.of(2021, 9, 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(service(entitlements(holderId, on),
                "HUKOU_SETTLEMENT").path("status").asText()).isEqualTo("ENTITLED"));
        JsonNode answer = entitlements(holderId, on);
        assertThat(answer.path("permit").path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(service(answer, "LABOUR_EMPLOYMENT").path("status").asText()).isEqualTo("SUSPENDED");
        JsonNode aid = service(answer, "SECONDARY_VOCATIONAL_AID");
        assertThat(aid.path("status").asText()).as("held before the lapse").isEqualTo("SUSPENDED");
        assertThat(aid.path("progress").path("residenceMonths").asInt()).isEqualTo(31);
        JsonNode housing = service(answer, "HOUSING_SECURITY");
        assertThat(housing.path("status").asText()).as("never held").isEqualTo("NOT_YET");
        assertThat(housing.path("explanation").path("en").toString()).contains("suspended");
    }

    @Test
    void the_hukou_an_application_attests_is_recorded_and_judges_changzhutan_until_another_is_recorded() {
        CitizenId citizen = newCitizen();
        Map<String, Object> body = application(citizen.value(), "430103", "2025-01-01", "EMPLOYMENT", "2025-07-01");
        body.put("hukouRegion", "430302");
        Response applied = ledger.client().post("/api/v1/permit-applications", body);
        assertThat(applied.status()).isEqualTo(201);
        String holderId = applied.body().path("holderId").asText();
        post(holderId, "/issuance", Map.of("issuedOn", "2025-07-10"));
        post(holderId, "/qualifications", Map.of("kind", "STABLE_EMPLOYMENT", "jurisdiction", "430103",
                "obtainedOn", "2025-01-01"));
        post(holderId, "/qualifications", Map.of("kind", "STABLE_RESIDENCE", "jurisdiction", "430103",
                "obtainedOn", "2025-01-01"));
        post(holderId, "/insurance-months", Map.of("jurisdiction", "430103", "month", "2025-06", "scheme",
                "PENSION"));
        // from 2025-09-01 the hukou is registered in 湘潭县, a county: no longer one of the three cities' districts
        post(holderId, "/hukou", Map.of("hukouRegion", "430321", "since", "2025-09-01"));

        LocalDate on = LocalDate.of(2025, 8, 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                entitlements(holderId, LocalDate.of(2025, 9, 1)).path("hukou").path("region").asText())
                .isEqualTo("430321"));
        JsonNode before = entitlements(holderId, on);
        assertThat(before.path("hukou").path("recorded").asBoolean()).isTrue();
        assertThat(before.path("hukou").path("regionName").asText()).isEqualTo("雨湖区");
        assertThat(service(before, "HUKOU_SETTLEMENT").path("route").asText()).isEqualTo("changzhutan");
        assertThat(service(before, "HUKOU_SETTLEMENT").path("status").asText()).isEqualTo("ENTITLED");
        JsonNode after = entitlements(holderId, LocalDate.of(2025, 9, 1));
        assertThat(service(after, "HUKOU_SETTLEMENT").path("status").asText()).isEqualTo("NOT_YET");

        Map<String, Object> sameCity = application(newCitizen().value(), "110105", "2025-01-01", "EMPLOYMENT",
                "2025-07-01");
        sameCity.put("hukouRegion", "110108");
        Response refused = ledger.client().post("/api/v1/permit-applications", sameCity);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().path("unmet").get(0).path("condition").asText()).isEqualTo("awayFromHukou");
        assertThat(refused.body().path("unmet").get(0).path("clause").asText()).isEqualTo("第二条");
    }

    /** The child service of that code for that child in an entitlements answer. */
    private static JsonNode childService(JsonNode entitlements, String code, String child) {
        for (JsonNode service : entitlements.path("services")) {
            if (service.path("code").asText().equals(code) && service.path("child").asText().equals(child)) {
                return service;
            }
        }
        throw new AssertionError("no " + code + " for the child in " + entitlements);
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
