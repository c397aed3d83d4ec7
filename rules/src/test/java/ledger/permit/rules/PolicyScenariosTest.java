package ledger.permit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.RecordedEvent;
import ledger.permit.rules.policy.PolicyCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every scenario file under {@code src/test/resources/scenarios}: one file per document, each
 * scenario a named situation with dated facts and the statuses expected on given days.
 */
class PolicyScenariosTest {

    /** The bundled policies, seed 003 bound to 昆明市 with its five central districts, as the local system binds it. */
    static final PolicyCatalog CATALOG = PolicyCatalog.bundled(Map.of("seed003-central-city", List.of("530100")),
            Map.of("seed003-central-city", List.of("530102", "530103", "530111", "530112", "530114")));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Stream<Arguments> scenarios() throws IOException {
        List<Arguments> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(Scenarios.directory())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode document = YAML.readTree(Scenarios.withCitizenIds(Files.readString(file)));
                for (JsonNode scenario : document.path("scenarios")) {
                    all.add(Arguments.of(file.getFileName() + ": " + scenario.path("name").asText(), scenario));
                }
            }
        }
        assertThat(all).as("scenarios found").isNotEmpty();
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(String name, JsonNode scenario) {
        assertThat(scenario.path("expect").size() + scenario.path("applications").size())
                .as("a scenario expects something").isPositive();
        scenario.fieldNames().forEachRemaining(field -> assertThat(field).as("a part of a scenario")
                .isIn("name", "facts", "expect", "applications"));
        scenario.path("expect").forEach(expectation -> expectation.fieldNames().forEachRemaining(field ->
                assertThat(field).as("an expectation's part").isIn("on", "knownAt", "policy", "permit", "services")));
        for (JsonNode application : scenario.path("applications")) {
            ApplicationRules.Judgement judgement = ApplicationRules.judge(CATALOG,
                    RegionCode.of(application.path("jurisdiction").asText()),
                    LocalDate.parse(application.path("residentSince").asText()),
                    LocalDate.parse(application.path("appliedOn").asText()),
                    application.has("hukouRegion") ? RegionCode.of(application.path("hukouRegion").asText()) : null);
            assertThat(judgement.accepted()).as("application accepted: %s", judgement.unmet())
                    .isEqualTo(application.path("accepted").asBoolean());
            if (application.has("policy")) {
                assertThat(judgement.policyId()).isEqualTo(application.path("policy").asText());
            }
            if (application.has("clause")) {
                assertThat(judgement.unmet()).allMatch(u -> u.clause().equals(application.path("clause").asText()));
            }
            if (application.has("unmet")) {
                assertThat(judgement.unmet()).extracting(u -> u.condition())
                        .containsExactly(application.path("unmet").asText());
            }
        }
        List<RecordedEvent> history = Scenarios.history(scenario.path("facts"));
        for (JsonNode expectation : scenario.path("expect")) {
            LocalDate on = LocalDate.parse(expectation.path("on").asText());
            Instant knownAt = expectation.has("knownAt") ? Instant.parse(expectation.path("knownAt").asText()) : null;
            Assessment assessment = EntitlementRules.assess(HolderFacts.knownAt(history, knownAt), CATALOG, on);
            String at = "on " + on + (knownAt == null ? "" : " known at " + knownAt);
            if (expectation.has("policy")) {
                assertThat(assessment.policyId()).as("policy " + at).isEqualTo(expectation.path("policy").asText());
            }
            if (expectation.has("permit")) {
                assertThat(assessment.permit().state().name()).as("permit " + at)
                        .isEqualTo(expectation.path("permit").asText());
            }
            expectation.path("services").fields().forEachRemaining(entry -> {
                ServiceCode code = ServiceCode.valueOf(entry.getKey());
                ServiceAssessment service = assessment.services().stream().filter(s -> s.code() == code)
                        .findFirst().orElseThrow();
                Scenarios.check(service, (ObjectNode) entry.getValue(), code + " " + at);
            });
        }
    }
}
