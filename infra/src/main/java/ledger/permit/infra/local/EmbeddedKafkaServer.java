package ledger.permit.infra.local;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker in KRaft mode inside this JVM (spring-kafka-test). Its log lives in a temporary
 * folder: it starts empty every time, which is why the command service replays the event store into it.
 */
public final class EmbeddedKafkaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaServer.class);

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** Starts a one-node broker listening on {@code port} (0: any free port). */
    public static EmbeddedKafkaServer start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
        if (port > 0) {
            broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        broker.brokerProperty("auto.create.topics.enable", "false");
        // one broker: the projector's transactional relay needs its transaction log on it
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.afterPropertiesSet();
        log.info("Kafka (KRaft, in this JVM) at {}", broker.getBrokersAsString());
        return new EmbeddedKafkaServer(broker);
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
        log.info("Kafka stopped");
    }
}
