package ledger.permit.projector;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.ZoneId;

/**
 * @param holderEventsTopic  the internal topic of holder events
 * @param deadLetterTopic    where events that can never be applied go, with the reason in their headers
 * @param publicFactsTopic   the public statistics topic of pseudonymised facts
 * @param publicChangesTopic the public topic of entitlement changes
 * @param topicPartitions    partitions of the public topics when this service creates them
 * @param topicReplicas      their replication factor
 * @param timeZone           where "today" is judged
 * @param clockShift         added to the system clock: zero in production; a rehearsal of a later day
 *                           (e.g. {@code 400d}) elsewhere
 * @param checkInterval      how often the holders whose next check is due are judged
 * @param pseudonymKey       the secret of the pseudonymous keys, base64, at least 32 bytes
 * @param readModelSchema    the schema the read model is served from (as in the datasource's currentSchema)
 * @param publicK            the fewest holders any combination of attributes on the public topics is shared by
 * @param publicClassWait    how long a holder whose attributes fit no class at the finest level waits for one to
 *                           form before it is published in a coarser one
 */
@ConfigurationProperties("ledger")
public record ProjectorProperties(@DefaultValue("permit-ledger.holder-events") String holderEventsTopic,
                                  @DefaultValue("permit-ledger.holder-events.dlt") String deadLetterTopic,
                                  @DefaultValue("permit-ledger.public.holder-facts") String publicFactsTopic,
                                  @DefaultValue("permit-ledger.public.entitlement-changes") String publicChangesTopic,
                                  @DefaultValue("6") int topicPartitions,
                                  @DefaultValue("1") int topicReplicas,
                                  @DefaultValue("Asia/Shanghai") ZoneId timeZone,
                                  @DefaultValue("0s") Duration clockShift,
                                  @DefaultValue("60s") Duration checkInterval,
                                  String pseudonymKey,
                                  @DefaultValue("read_model") String readModelSchema,
                                  @DefaultValue("10") int publicK,
                                  @DefaultValue("0d") Duration publicClassWait) {
}
