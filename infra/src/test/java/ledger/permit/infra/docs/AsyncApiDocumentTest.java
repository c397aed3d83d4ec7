package ledger.permit.infra.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import ledger.permit.infra.tools.StatisticsConsumer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/asyncapi.yaml says what the services do: its topics, its schema files, and examples that validate. */
class AsyncApiDocumentTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void the_document_names_the_topics_the_services_use() throws IOException {
        JsonNode document = YAML.readTree(ROOT.resolve("docs/asyncapi.yaml").toFile());
        List<String> addresses = new ArrayList<>();
        document.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).contains(StatisticsConsumer.FACTS_TOPIC, StatisticsConsumer.CHANGES_TOPIC);
        for (String service : List.of("entitlement-projector", "command-service")) {
            String config = Files.readString(ROOT.resolve(service + "/src/main/resources/application.yml"));
            addresses.stream().filter(config::contains).findAny()
                    .orElseThrow(() -> new AssertionError(service + " configures none of " + addresses));
        }
        String projector = Files.readString(ROOT.resolve("entitlement-projector/src/main/resources/application.yml"));
        assertThat(projector).contains(StatisticsConsumer.FACTS_TOPIC, StatisticsConsumer.CHANGES_TOPIC,
                "permit-ledger.holder-events", "permit-ledger.holder-events.dlt");
    }

    @Test
    void every_message_points_at_a_schema_file_and_its_examples_satisfy_it() throws IOException {
        JsonNode document = YAML.readTree(ROOT.resolve("docs/asyncapi.yaml").toFile());
        var factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                b -> b.schemaMappers(m -> m.mapPrefix("https://permit-ledger/schemas/",
                        ROOT.resolve("contracts/src/main/resources/schemas").toUri() + "/")));
        int examples = 0;
        for (JsonNode message : document.path("components").path("messages")) {
            Path schemaFile = ROOT.resolve("docs").resolve(message.path("payload").path("$ref").asText()).normalize();
            assertThat(schemaFile).as(message.path("name").asText()).isRegularFile();
            var schema = factory.getSchema(SchemaLocation.of(schemaFile.toUri().toString()));
            for (JsonNode example : message.path("examples")) {
                assertThat(schema.validate(example.path("payload"))).as(example.path("name").asText()).isEmpty();
                examples++;
            }
        }
        assertThat(examples).isEqualTo(4);
    }
}
