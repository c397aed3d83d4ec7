package ledger.permit.infra.endtoend;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.infra.local.LedgerClient;
import ledger.permit.infra.local.LedgerClient.Response;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzing with jqwik's generators: every command and query endpoint gets malformed JSON, wrong types,
 * missing and extra fields, invalid check digits, impossible dates, unknown codes and injection strings.
 * Each case is answered 4xx with a problem document, never 5xx, and the event store does not move.
 */
class BadInputEndToEndTest extends EmbeddedLedger {

    private static final int CASES_PER_ENDPOINT = 40;
    private static final List<String> INJECTIONS = List.of("'; DROP TABLE event_store.domainevententry; --",
            "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://example.invalid/a}", "../../../etc/passwd",
            "%00", "\u0000", "\u202e", "{{7*7}}", "$(reboot)", "1e309", "-1", "NaN", "9999-99-99", "",
            " ", "null", "[]", "{}");

    /** Each command endpoint with the fields of its body. */
    private static final Map<String, List<String>> COMMANDS = Map.ofEntries(
            Map.entry("/issuance", List.of("issuedOn")),
            Map.entry("/rejection", List.of("rejectedOn", "reason")),
            Map.entry("/endorsements", List.of("endorsedOn")),
            Map.entry("/residence-records", List.of("jurisdiction", "from", "to")),
            Map.entry("/insurance-months", List.of("jurisdiction", "month", "scheme", "paidOn", "transferredFrom")),
            Map.entry("/insurance-months/retractions", List.of("month", "scheme", "reason")),
            Map.entry("/children/51010420090505122X/school-years", List.of("jurisdiction", "level", "grade", "from", "to")),
            Map.entry("/children/51010420090505122X/completions", List.of("jurisdiction", "level", "completedOn")),
            Map.entry("/hukou", List.of("hukouRegion", "since")),
            Map.entry("/qualifications", List.of("kind", "jurisdiction", "obtainedOn", "description")),
            Map.entry("/moves", List.of("toJurisdiction", "movedOn")),
            Map.entry("/settlement", List.of("settledOn")),
            Map.entry("/cancellation", List.of("cancelledOn", "reason")));

    @Test
    void every_bad_command_is_a_4xx_problem_and_records_nothing() throws Exception {
        CitizenId citizen = newCitizen();
        String holder = apply(citizen, "533102", "2020-01-01", "EMPLOYMENT", "2020-08-01");
        long before = eventCount();
        List<String> failures = new ArrayList<>();

        List<String> applicationFields = List.of("citizenId", "jurisdiction", "residentSince", "basis", "appliedOn",
                "hukouRegion");
        injectedInEachField(applicationFields).forEach(body -> check(failures, "/api/v1/permit-applications", body,
                post("/api/v1/permit-applications", body)));
        badBodies(applicationFields).sampleStream().limit(CASES_PER_ENDPOINT)
                .forEach(body -> check(failures, "/api/v1/permit-applications", body,
                        post("/api/v1/permit-applications", body)));
        for (Map.Entry<String, List<String>> command : COMMANDS.entrySet()) {
            String path = "/api/v1/holders/" + holder + command.getKey();
            injectedInEachField(command.getValue()).forEach(body -> check(failures, path, body, post(path, body)));
            badBodies(command.getValue()).sampleStream().limit(CASES_PER_ENDPOINT)
                    .forEach(body -> check(failures, path, body, post(path, body)));
            // a holder ID that is no UUID, or no holder
            for (String other : List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", "%27%3B--")) {
                String otherPath = "/api/v1/holders/" + other + command.getKey();
                check(failures, otherPath, "{}", ledger.client().post(otherPath, "{}"));
            }
        }
        // dates that cannot be: before the person was born, an end before its start, in the future
        String born = citizen.birthDate().toString();
        String[][] impossible = {
                {"/api/v1/permit-applications", "{\"citizenId\":\"" + citizen.value() + "\",\"jurisdiction\":\"533102\","
                        + "\"residentSince\":\"" + citizen.birthDate().minusDays(1) + "\",\"basis\":\"EMPLOYMENT\",\"appliedOn\":\"2020-08-01\"}"},
                {"/api/v1/holders/" + holder + "/residence-records", "{\"jurisdiction\":\"533102\",\"from\":\"2021-05-01\",\"to\":\"2021-04-01\"}"},
                {"/api/v1/holders/" + holder + "/insurance-months", "{\"jurisdiction\":\"533102\",\"month\":\"2999-01\",\"scheme\":\"PENSION\"}"},
                {"/api/v1/holders/" + holder + "/issuance", "{\"issuedOn\":\"2999-01-01\"}"},
                {"/api/v1/holders/" + holder + "/issuance", "{\"issuedOn\":\"" + born + "\"}"},
                {"/api/v1/holders/" + holder + "/children/51010420090505122X/school-years",
                        "{\"jurisdiction\":\"533102\",\"level\":\"JUNIOR_SECONDARY\",\"grade\":\"7\",\"from\":\"2001-09-01\",\"to\":\"2002-07-01\"}"},
                {"/api/v1/holders/" + holder + "/insurance-months", "{\"jurisdiction\":\"990000\",\"month\":\"2021-01\",\"scheme\":\"PENSION\"}"},
                {"/api/v1/holders/" + holder + "/children/51010420090505122X/completions",
                        "{\"jurisdiction\":\"533102\",\"level\":\"JUNIOR_SECONDARY\",\"completedOn\":\"2001-07-01\"}"},
                {"/api/v1/holders/" + holder + "/hukou", "{\"hukouRegion\":\"533102\",\"since\":\"2999-01-01\"}"},
                {"/api/v1/permit-applications", "{\"citizenId\":\"" + citizen.value().substring(0, 17)
                        + (citizen.value().endsWith("1") ? "2" : "1") + "\",\"jurisdiction\":\"533102\","
                        + "\"residentSince\":\"2020-01-01\",\"basis\":\"EMPLOYMENT\",\"appliedOn\":\"2020-08-01\"}"}};
        for (String[] bad : impossible) {
            check(failures, bad[0], bad[1], ledger.client().post(bad[0], bad[1]));
        }
        assertThat(failures).as("cases not answered with a 4xx problem").isEmpty();
        assertThat(eventCount()).as("events recorded by bad requests").isEqualTo(before);
    }

    @Test
    void every_bad_query_is_a_4xx_problem() {
        String holder = apply(newCitizen(), "533102", "2020-01-01", "EMPLOYMENT", "2020-08-01");
        List<String> failures = new ArrayList<>();
        Arbitrary<String> junk = junk();
        LedgerClient agency = ledger.services().client("fuzz-clerk", "fuzz-agency", "AGENCY");
        // every injection string for sure, then generated ones
        java.util.stream.Stream.concat(INJECTIONS.stream(), junk.sampleStream().limit(CASES_PER_ENDPOINT)).forEach(value -> {
            String q = URLEncoder.encode(value, StandardCharsets.UTF_8);
            for (String path : List.of("/api/v1/holders?citizenId=" + q,
                    "/api/v1/holders/" + holder + "/entitlements?on=" + q,
                    "/api/v1/holders/" + holder + "/entitlements?knownAt=" + q,
                    "/api/v1/holders/" + q + "/entitlements",
                    "/api/v1/holders/" + holder + "/history?page=" + q,
                    "/api/v1/holders/" + holder + "/history?size=" + q,
                    "/api/v1/holders/" + holder + "/audit?from=" + q,
                    "/api/v1/holders/" + q + "/verification",
                    "/api/v1/holders/" + holder + "/accesses?page=" + q,
                    "/api/v1/holders/" + holder + "/accesses?size=" + q,
                    "/api/v1/holders/" + q + "/accesses/export",
                    "/api/v1/policies?page=" + q,
                    "/api/v1/policies/" + q,
                    "/api/v1/statistics/holders?level=" + q,
                    "/api/v1/statistics/services?on=" + q,
                    "/api/v1/statistics/changes?from=" + q)) {
                Response response = ledger.client().get(path);
                boolean tolerated = response.status() == 200 && isHarmless(value);
                if (!tolerated) {
                    check(failures, path, null, response);
                }
            }
            // any text is a purpose (percent-decoded); one too long or with control characters is a 4xx problem
            String entitlements = "/api/v1/holders/" + holder + "/entitlements";
            Response purposed = agency.withHeader("X-Purpose", q).get(entitlements);
            if (purposed.status() != 200) {
                check(failures, entitlements + " with X-Purpose " + q, null, purposed);
            }
            // junk as a bearer token is a 401 problem
            Response junkToken = new LedgerClient(ledger.client().commandUrl(), ledger.client().queryUrl())
                    .withToken(q).get(entitlements);
            if (junkToken.status() != 401) {
                failures.add(junkToken.status() + " for the bearer token " + q);
            }
            check(failures, entitlements + " with the bearer token " + q, null, junkToken);
        });
        junk.sampleStream().limit(CASES_PER_ENDPOINT).forEach(body -> {
            Response response = ledger.client().postToQuery("/api/v1/policies/validate", "application/yaml", body);
            // a validation answers 200 with findings for any YAML document; anything else must be a 4xx problem
            if (response.status() != 200) {
                check(failures, "/api/v1/policies/validate", body, response);
            }
        });
        assertThat(failures).as("cases not answered with a 4xx problem").isEmpty();
    }

    /** Raw text goes as it is (malformed JSON); anything else as JSON. */
    private Response post(String path, Object body) {
        return body instanceof String raw ? ledger.client().post(path, raw) : ledger.client().post(path, body);
    }

    /** A value some lenient parameter may take as valid (an empty page number means the default). */
    private static boolean isHarmless(String value) {
        return value.isBlank() || value.matches("[0-9]{1,3}|PREFECTURE|COUNTY|PROVINCE");
    }

    private static void check(List<String> failures, String path, Object body, Response response) {
        boolean fourXx = response.status() >= 400 && response.status() < 500;
        boolean problem = response.contentType() != null && response.contentType().startsWith("application/problem+json");
        if (!fourXx || !problem) {
            failures.add(response.status() + " " + response.contentType() + " for " + path + " " + body);
        }
    }

    /** Each injection string in each field in turn, the other fields impossible dates, so that none is valid. */
    private static List<Object> injectedInEachField(List<String> fields) {
        List<Object> bodies = new ArrayList<>();
        for (String field : fields) {
            for (String injection : INJECTIONS) {
                Map<String, Object> body = new LinkedHashMap<>();
                fields.forEach(f -> body.put(f, "2999-13-40"));
                body.put(field, injection);
                bodies.add(body);
            }
        }
        return bodies;
    }

    /** Bodies that are wrong in at least one way that makes the request invalid. */
    private static Arbitrary<Object> badBodies(List<String> fields) {
        Arbitrary<Object> malformed = junk().map(s -> (Object) ("{" + s));
        Arbitrary<Object> wrongTypes = Arbitraries.of(1, 2.5, true, List.of(1), Map.of("a", 1))
                .map(v -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    fields.forEach(f -> body.put(f, v));
                    return (Object) body;
                });
        Arbitrary<Object> missing = Arbitraries.just(Map.of());
        Arbitrary<Object> extra = Combinators.combine(Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().ofMaxLength(20)).as((name, value) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    fields.forEach(f -> body.put(f, "2021-01-01"));
                    body.put("unexpected" + name, value);
                    return (Object) body;
                });
        Arbitrary<Object> injected = Arbitraries.of(INJECTIONS).map(injection -> {
            Map<String, Object> body = new LinkedHashMap<>();
            fields.forEach(f -> body.put(f, injection));
            return (Object) body;
        });
        Arbitrary<Object> notJson = junk().map(s -> (Object) s).filter(s -> !((String) s).isBlank()
                && !((String) s).strip().startsWith("{") && !((String) s).strip().startsWith("\""));
        return Arbitraries.oneOf(malformed, wrongTypes, missing, extra, injected, notJson);
    }

    /** Strings no parameter takes; a plain page number up to 1,000,000 is a good one (it drew 753113 once). */
    private static Arbitrary<String> junk() {
        return Arbitraries.oneOf(Arbitraries.of(INJECTIONS), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().withChars("{}[]\":,0123456789-TZ").ofMaxLength(30))
                .filter(value -> !(value.matches("[0-9]{1,7}") && Integer.parseInt(value) <= 1_000_000));
    }
}
