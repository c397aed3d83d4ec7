package ledger.permit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import ledger.permit.rules.facts.RecordedEvent;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading scenario files: facts as the wire format writes events, plus a shorthand for runs of insurance months. */
final class Scenarios {

    static final String HOLDER = "6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11";

    private Scenarios() {
    }

    private static final java.util.regex.Pattern CITIZEN_ID = java.util.regex.Pattern.compile("\\{\\{ID:(\\d{17})}}");

    /** {@code {{ID:17 digits}}} in a scenario stands for the citizen ID with those digits and its check character. */
    static String withCitizenIds(String text) {
        return CITIZEN_ID.matcher(text).replaceAll(m ->
                ledger.permit.contracts.values.CitizenId.withCheckCharacter(m.group(1)).value());
    }

    static Path directory() {
        try {
            return Path.of(Objects.requireNonNull(Scenarios.class.getResource("/scenarios")).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The facts in order. Each fact is an event's wire name ({@code type}) and fields; {@code recordedAt}
     * defaults to a moment before any {@code knownAt} a scenario asks about. {@code InsuranceMonths}
     * {from, to, scheme, jurisdiction, paidOn?, transferredFrom?} stands for one event per month.
     */
    static List<RecordedEvent> history(JsonNode facts) {
        List<RecordedEvent> history = new ArrayList<>();
        for (JsonNode fact : facts) {
            ObjectNode fields = fact.deepCopy();
            String type = fields.remove("type").asText();
            JsonNode recordedAtNode = fields.remove("recordedAt");
            Instant recordedAt = recordedAtNode == null ? Instant.EPOCH.plusSeconds(history.size())
                    : Instant.parse(recordedAtNode.asText());
            fields.put("holderId", HOLDER);
            if (type.equals("InsuranceMonths")) {
                YearMonth from = YearMonth.parse(fields.remove("from").asText());
                YearMonth to = YearMonth.parse(fields.remove("to").asText());
                for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
                    ObjectNode one = fields.deepCopy();
                    one.put("month", month.toString());
                    history.add(new RecordedEvent(history.size(), recordedAt, event("SocialInsuranceMonthRecorded", one)));
                }
                continue;
            }
            history.add(new RecordedEvent(history.size(), recordedAt, event(type, fields)));
        }
        return history;
    }

    private static HolderEvent event(String type, ObjectNode fields) {
        return HolderEventCodec.payload(new HolderEventEnvelope("scenario", type, 1, HOLDER, 0, Instant.EPOCH, fields));
    }

    static void check(ServiceAssessment service, ObjectNode expected, String what) {
        String explanation = String.join(" / ", service.explanation().en());
        expected.fields().forEachRemaining(field -> {
            String key = field.getKey();
            String value = field.getValue().isNull() ? null : field.getValue().asText();
            Object actual = switch (key) {
                case "status" -> service.status().name();
                case "since" -> service.since();
                case "expectedOn" -> service.expectedOn();
                case "route" -> service.route();
                case "residenceMonths" -> service.progress().residenceMonths();
                case "insuranceMonths" -> service.progress().insuranceMonths();
                case "schoolYears" -> service.progress().schoolYears();
                case "points" -> service.progress().points();
                case "basisIncludes" -> service.basis().stream().map(c -> c.document() + " " + c.clause()).toList()
                        .contains(value) ? value : service.basis().toString();
                case "explains" -> explanation.contains(value) || String.join(" / ", service.explanation().zh())
                        .contains(value) ? value : explanation;
                default -> throw new IllegalArgumentException("unknown expectation " + key + " in " + what);
            };
            assertThat(actual == null ? null : actual.toString()).as("%s %s (%s)", what, key, explanation)
                    .isEqualTo(value);
        });
    }
}
