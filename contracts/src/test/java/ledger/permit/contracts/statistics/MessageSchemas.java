package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.util.List;

/** The message schemas shipped in {@code schemas/}, loaded from the classpath. */
final class MessageSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers ->
                    mappers.mapPrefix("https://permit-ledger/schemas/", "classpath:schemas/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    private MessageSchemas() {
    }

    /** Every violation of the schema {@code name} (e.g. {@code HolderFact.v1}) by the message. */
    static List<String> errors(String name, JsonNode message) {
        return FACTORY.getSchema(SchemaLocation.of("classpath:schemas/" + name + ".schema.json"), CONFIG)
                .validate(message).stream().map(ValidationMessage::toString).toList();
    }
}
