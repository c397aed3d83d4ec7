package ledger.permit.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.ZoneId;

/**
 * @param timeZone      the zone whose calendar decides what "today" is (the permits are Chinese: Asia/Shanghai)
 * @param holderEventsTopic the internal topic every stored holder event is forwarded to
 * @param topicPartitions   partitions of that topic when this service creates it
 * @param topicReplicas     replication factor of that topic when this service creates it
 * @param replayOnStart     forward every stored event again on start (for a broker that starts empty, as the
 *                          local launcher's does); the projector skips what it already applied
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(@DefaultValue("Asia/Shanghai") ZoneId timeZone,
                               @DefaultValue("permit-ledger.holder-events") String holderEventsTopic,
                               @DefaultValue("6") int topicPartitions,
                               @DefaultValue("1") short topicReplicas,
                               @DefaultValue("false") boolean replayOnStart) {
}
