package ledger.permit.projector;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param holderEventsTopic the internal topic of holder events
 * @param deadLetterTopic   where events that can never be applied go, with the reason in their headers
 */
@ConfigurationProperties("ledger")
public record ProjectorProperties(@DefaultValue("permit-ledger.holder-events") String holderEventsTopic,
                                  @DefaultValue("permit-ledger.holder-events.dlt") String deadLetterTopic) {
}
