package ledger.permit.infra.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a statistics team writes against the public topics, with nothing but a Kafka client and a JSON
 * parser: holders per jurisdiction and permit status from {@code HolderFact}, services per status from
 * {@code EntitlementChange}. It reads both topics from the beginning up to their ends at start (a snapshot),
 * keeps the latest state per pseudonymous key (messages of one key arrive in order), drops a message id
 * seen before, and counts. A holder whose jurisdiction is published coarser than the level asked (version 2
 * generalises it where a class would be small) is counted apart, at the level it is published at.
 *
 * <pre>java -jar infra/target/permit-ledger-local-exec.jar statistics \
 *     [--bootstrap-servers localhost:9092] [--level COUNTY|PREFECTURE|PROVINCE]</pre>
 */
public final class StatisticsConsumer {

    public static final String FACTS_TOPIC = "permit-ledger.public.holder-facts";
    public static final String CHANGES_TOPIC = "permit-ledger.public.entitlement-changes";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Cells in the order of their dimensions. */
    private static final java.util.Comparator<List<String>> CELLS =
            java.util.Comparator.comparing((List<String> cell) -> String.join("\u0000", cell));

    /** The permit status a fact leaves the holder in; facts not listed leave it as it was. */
    private static final Map<String, String> STATUS_AFTER = Map.of(
            "PermitApplied", "APPLIED", "PermitApplicationRefused", "REFUSED", "PermitIssued", "ISSUED",
            "PermitRejected", "REJECTED", "ResidenceMoved", "MOVED_AWAY", "HukouSettled", "SETTLED",
            "PermitCancelled", "CANCELLED");

    /** How finely a version 2 message may publish a jurisdiction, finest first. */
    private static final List<String> LEVELS = List.of("COUNTY", "PREFECTURE", "PROVINCE", "WITHHELD");

    /**
     * @param holders         holders per [jurisdiction, permit status], of those published at the level asked or finer
     * @param services        standings per [jurisdiction, service, status], for ENTITLED and SUSPENDED, likewise
     * @param holdersCoarser  the other holders, per [jurisdiction as published ({@code WITHHELD}: not at all), status]
     * @param servicesCoarser the other standings, per [jurisdiction as published, service, status]
     */
    public record Counts(Map<List<String>, Long> holders, Map<List<String>, Long> services,
                         Map<List<String>, Long> holdersCoarser, Map<List<String>, Long> servicesCoarser,
                         long messages, long duplicates) {
    }

    private StatisticsConsumer() {
    }

    public static int run(String[] args, PrintStream out) {
        String bootstrap = VerifyEventStore.option(args, "--bootstrap-servers", "localhost:9092");
        String level = VerifyEventStore.option(args, "--level", "PREFECTURE").toUpperCase(Locale.ROOT);
        if (!List.of("COUNTY", "PREFECTURE", "PROVINCE").contains(level)) {
            out.println("--level must be COUNTY, PREFECTURE or PROVINCE, not " + level);
            return 1;
        }
        out.println("Reading " + FACTS_TOPIC + " and " + CHANGES_TOPIC + " at " + bootstrap);
        Counts counts = read(bootstrap, FACTS_TOPIC, CHANGES_TOPIC, level);
        out.printf("%,d messages (%,d duplicates dropped)%n%nholders by jurisdiction and permit status%n",
                counts.messages(), counts.duplicates());
        counts.holders().forEach((cell, n) -> out.printf("  %-8s %-12s %,10d%n", cell.get(0), cell.get(1), n));
        out.println("\nservices by jurisdiction and status (child services per child)");
        counts.services().forEach((cell, n) -> out.printf("  %-8s %-28s %-10s %,10d%n", cell.get(0), cell.get(1),
                cell.get(2), n));
        if (!counts.holdersCoarser().isEmpty()) {
            out.printf("%nholders whose jurisdiction is published coarser than %s (classes of k)%n", level);
            counts.holdersCoarser().forEach((cell, n) -> out.printf("  %-8s %-12s %,10d%n", cell.get(0), cell.get(1),
                    n));
            out.printf("%ntheir services%n");
            counts.servicesCoarser().forEach((cell, n) -> out.printf("  %-8s %-28s %-10s %,10d%n", cell.get(0),
                    cell.get(1), cell.get(2), n));
        }
        return 0;
    }

    /** Reads both topics up to their current ends and counts at the level asked. */
    public static Counts read(String bootstrap, String factsTopic, String changesTopic, String level) {
        Set<String> seen = new HashSet<>();
        long[] messages = {0, 0};
        Map<String, String[]> holders = new HashMap<>(); // holderKey -> [jurisdiction, status]
        Map<String, String[]> standings = new HashMap<>(); // holderKey/service/childKey -> [jurisdiction, status]
        Consumer<JsonNode> onMessage = message -> {
            messages[0]++;
            if (!seen.add(message.path("type").asText() + "/" + message.path("messageId").asText())) {
                messages[1]++;
                return;
            }
            String key = message.path("holderKey").asText();
            if (message.path("type").asText().equals("HolderFact")) {
                String[] holder = holders.computeIfAbsent(key, k -> new String[3]);
                String where = jurisdiction(message);
                if (where != null) {
                    holder[0] = where;
                    holder[2] = jurisdictionLevel(message);
                }
                holder[1] = STATUS_AFTER.getOrDefault(message.path("eventType").asText(), holder[1]);
            } else if (message.path("type").asText().equals("EntitlementChange")) {
                standings.put(key + "/" + message.path("serviceCode").asText() + "/"
                                + message.path("childKey").asText(""),
                        new String[]{jurisdiction(message), message.path("status").asText(),
                                message.path("serviceCode").asText(), jurisdictionLevel(message)});
            }
        };
        readToEnd(bootstrap, factsTopic, record -> onMessage.accept(parse(record.value())));
        readToEnd(bootstrap, changesTopic, record -> onMessage.accept(parse(record.value())));

        Map<List<String>, Long> holderCounts = new TreeMap<>(CELLS);
        Map<List<String>, Long> holdersCoarser = new TreeMap<>(CELLS);
        holders.values().stream().filter(h -> h[0] != null && h[1] != null).forEach(h -> {
            if (finerOrAsFine(h[2], level)) {
                holderCounts.merge(List.of(region(h[0], level), h[1]), 1L, Long::sum);
            } else {
                holdersCoarser.merge(List.of(h[0], h[1]), 1L, Long::sum);
            }
        });
        Map<List<String>, Long> serviceCounts = new TreeMap<>(CELLS);
        Map<List<String>, Long> servicesCoarser = new TreeMap<>(CELLS);
        standings.values().stream().filter(s -> s[0] != null)
                .filter(s -> s[1].equals("ENTITLED") || s[1].equals("SUSPENDED")).forEach(s -> {
                    if (finerOrAsFine(s[3], level)) {
                        serviceCounts.merge(List.of(region(s[0], level), s[2], s[1]), 1L, Long::sum);
                    } else {
                        servicesCoarser.merge(List.of(s[0], s[2], s[1]), 1L, Long::sum);
                    }
                });
        return new Counts(holderCounts, serviceCounts, holdersCoarser, servicesCoarser, messages[0], messages[1]);
    }

    /** The jurisdiction a message names: {@code WITHHELD} where version 2 withholds it; null where there is none. */
    private static String jurisdiction(JsonNode message) {
        if (message.hasNonNull("jurisdiction")) {
            return message.path("jurisdiction").asText();
        }
        return "WITHHELD".equals(message.path("jurisdictionLevel").asText()) ? "WITHHELD" : null;
    }

    /** How finely it names it: version 1 always names the county. */
    private static String jurisdictionLevel(JsonNode message) {
        return message.path("jurisdictionLevel").asText("COUNTY");
    }

    private static boolean finerOrAsFine(String published, String asked) {
        return LEVELS.indexOf(published) <= LEVELS.indexOf(asked);
    }

    /** Reads every committed record of the topic, from the beginning up to the end it has when called. */
    public static void readToEnd(String bootstrap, String topic, Consumer<ConsumerRecord<String, String>> onRecord) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        onRecord.accept(record);
                    }
                }
            }
        }
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON on a public topic", e);
        }
    }

    private static String region(String code, String level) {
        return switch (level) {
            case "COUNTY" -> code;
            case "PROVINCE" -> code.substring(0, 2) + "0000";
            default -> code.substring(0, 4) + "00";
        };
    }
}
