package ledger.permit.infra.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The local system's settings, each from a system property ({@code -Dledger.local.query-port=...}) or
 * an environment variable ({@code LEDGER_LOCAL_QUERY_PORT}), with the documented defaults.
 */
public record LocalSettings(Path dataDirectory, int postgresPort, int kafkaPort, LedgerServices.Ports ports,
                            Path servicesDirectory, List<String> javaOptions, boolean demoData) {

    public static LocalSettings fromEnvironment() {
        return new LocalSettings(
                Path.of(setting("data-dir", "data")),
                Integer.parseInt(setting("postgres-port", "15432")),
                Integer.parseInt(setting("kafka-port", "9092")),
                new LedgerServices.Ports(
                        Integer.parseInt(setting("query-port", "8080")),
                        Integer.parseInt(setting("command-port", "8081")),
                        Integer.parseInt(setting("projector-port", "8082"))),
                Path.of(setting("services-dir", "infra/target/services")),
                List.of(setting("java-options", "-Xmx512m").split("\\s+")),
                Boolean.parseBoolean(setting("demo-data", "true")));
    }

    public Path postgresDirectory() {
        return dataDirectory.resolve("postgres");
    }

    /** The secret of the public topics' pseudonymous keys, made on the first start. */
    public Path pseudonymKeyFile() {
        return dataDirectory.resolve("pseudonym.key");
    }

    /** The key pair the local system signs its bearer tokens with (JWK, readable by its owner only). */
    public Path tokenKeyFile() {
        return dataDirectory.resolve("token-signing-key.jwk");
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    static String setting(String name, String fallback) {
        String property = System.getProperty("ledger.local." + name);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String env = System.getenv("LEDGER_LOCAL_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
        return env != null && !env.isBlank() ? env : fallback;
    }

}
