package ledger.permit.rules.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads policy files (YAML, one per document) into {@link Policy} values. */
public final class PolicyFiles {

    /** The policy files shipped with the ledger, one per source document (superseded versions included). */
    public static final List<String> BUNDLED = List.of(
            "cn-national-2014.yaml", "cn-national-2016.yaml", "yn-dehong-2016.yaml", "yn-qujing-2015.yaml",
            "yn-lincang-2015.yaml", "seed003-central-city.yaml", "hn-hunan-2015.yaml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private PolicyFiles() {
    }

    /** Parses one policy file; a file that does not parse is refused with the path of the bad value. */
    public static Policy parse(String name, String yaml) {
        try {
            Policy policy = YAML.readValue(yaml, Policy.class);
            if (policy == null) {
                throw new InvalidPolicyException(List.of(Finding.error(name, null, "the file is empty", null)));
            }
            List<Finding> missing = new ArrayList<>();
            if (policy.id() == null || policy.id().isBlank()) {
                missing.add(Finding.error(name, "id", "is required", null));
            }
            if (policy.version() < 1) {
                missing.add(Finding.error(name, "version", "is required, from 1", null));
            }
            if (policy.title() == null || policy.title().isBlank()) {
                missing.add(Finding.error(name, "title", "is required", null));
            }
            if (policy.effectiveFrom() == null) {
                missing.add(Finding.error(name, "effectiveFrom", "is required", null));
            }
            if (!missing.isEmpty()) {
                throw new InvalidPolicyException(missing);
            }
            List<Finding> unknown = new ArrayList<>();
            for (Map.Entry<String, String> named : PolicyCatalog.regionsNamed(policy)) {
                for (Finding finding : PolicyCatalog.knownRegion(name, named.getKey(), named.getValue())) {
                    unknown.add(finding.atLine(lineOf(yaml, named.getValue())));
                }
            }
            if (!unknown.isEmpty()) {
                throw new InvalidPolicyException(unknown);
            }
            return policy;
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            String message = e instanceof InvalidFormatException f && f.getTargetType() != null
                    && f.getTargetType().isEnum()
                    ? "'" + f.getValue() + "' is not one of " + List.of(f.getTargetType().getEnumConstants())
                    : e instanceof InvalidTypeIdException t
                    ? "'" + t.getTypeId() + "' is not a kind the rules know"
                    : e.getOriginalMessage();
            throw new InvalidPolicyException(List.of(Finding.error(name, path, line(e), message)));
        } catch (JsonProcessingException e) {
            throw new InvalidPolicyException(List.of(Finding.error(name, null, line(e),
                    "not a readable YAML file: " + e.getOriginalMessage())));
        }
    }

    private static Integer line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? null : e.getLocation().getLineNr();
    }

    /** The first line of the file that holds this value, or null. */
    private static Integer lineOf(String yaml, String value) {
        String[] lines = yaml.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(value)) {
                return i + 1;
            }
        }
        return null;
    }

    /** The bundled policies, read from the classpath. */
    public static List<Policy> bundled() {
        List<Policy> policies = new ArrayList<>();
        for (String name : BUNDLED) {
            try (InputStream in = PolicyFiles.class.getResourceAsStream("/policies/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("bundled policy file " + name + " is missing");
                }
                policies.add(parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return policies;
    }
}
