package ledger.permit.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The whole command service, on an embedded PostgreSQL and Kafka of its own, for tests of how it is wired;
 * {@link #close()} stops the service, then the broker and the database.
 */
public final class CommandServiceUnderTest implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final EmbeddedKafkaKraftBroker kafka;
    private final ConfigurableApplicationContext context;

    private CommandServiceUnderTest(EmbeddedPostgres postgres, EmbeddedKafkaKraftBroker kafka,
                                    ConfigurableApplicationContext context) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.context = context;
    }

    /**
     * The service on a random port, its bearer tokens verified with a fresh key (written to {@code keys}), with
     * {@code watcher} added to its bean post-processors before any bean is made, and {@code settings} (e.g.
     * {@code --ledger.snapshots.every-events=5}) after its own.
     */
    public static CommandServiceUnderTest start(Path keys, BeanPostProcessor watcher, String... settings)
            throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.start();
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        try {
            kafka.afterPropertiesSet();
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            Path publicKey = keys.resolve("token.pub.pem");
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                    "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres")
                            + "&currentSchema=event_store",
                    "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                    "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey));
            arguments.addAll(List.of(settings));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(CommandServiceApplication.class)
                    .initializers(initializing -> initializing.getBeanFactory().addBeanPostProcessor(watcher))
                    .run(arguments.toArray(String[]::new));
            return new CommandServiceUnderTest(postgres, kafka, context);
        } catch (Exception | Error e) {
            kafka.destroy();
            postgres.close();
            throw e;
        }
    }

    /** The running service's beans. */
    public ConfigurableApplicationContext context() {
        return context;
    }

    @Override
    public void close() throws Exception {
        try {
            context.close();
        } finally {
            kafka.destroy();
            postgres.close();
        }
    }
}
