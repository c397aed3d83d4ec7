package ledger.permit.command;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;

/** The whole command service, started on an embedded PostgreSQL and Kafka, for tests of how it is wired. */
public final class CommandServiceUnderTest {

    private CommandServiceUnderTest() {
    }

    /**
     * The service on a random port, its bearer tokens verified with a fresh key (written to {@code keys}), with
     * {@code watcher} added to its bean post-processors before any bean is made.
     */
    public static ConfigurableApplicationContext start(EmbeddedPostgres postgres, EmbeddedKafkaKraftBroker kafka,
                                                       Path keys, BeanPostProcessor watcher) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        Path publicKey = keys.resolve("token.pub.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return new SpringApplicationBuilder(CommandServiceApplication.class)
                .initializers(context -> context.getBeanFactory().addBeanPostProcessor(watcher))
                .run("--server.port=0",
                        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres")
                                + "&currentSchema=event_store",
                        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
                        "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey);
    }
}
