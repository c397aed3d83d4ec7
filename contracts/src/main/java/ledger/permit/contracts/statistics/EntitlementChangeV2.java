package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ledger.permit.contracts.wire.WireType;

import java.time.YearMonth;
import java.util.List;

/**
 * A change of one holder's standing with one service, as the public entitlement-change topic carries it from
 * version 2: the jurisdiction at the level of the holder's class on the fact topic, months instead of days, and the
 * policy and clauses only where they name no region finer than the jurisdiction published.
 *
 * @param messageId         unique per change; a consumer that sees it twice may drop the second
 * @param holderKey         the same pseudonymous key as on the fact topic
 * @param childKey          for the child services: keyed HMAC of the child's citizen ID
 * @param serviceCode       the service catalog code
 * @param change            {@code GRANTED}, {@code SUSPENDED}, {@code RESTORED} or {@code REVOKED}
 * @param status            the status from {@code effectiveMonth}: {@code ENTITLED}, {@code SUSPENDED},
 *                          {@code NOT_YET} or {@code NOT_APPLICABLE}
 * @param previousStatus    the status published before (absent for the first)
 * @param jurisdiction      GB/T 2260 code of the jurisdiction whose policy decided, at {@code jurisdictionLevel}
 *                          (absent: withheld, or none)
 * @param jurisdictionLevel {@code COUNTY}, {@code PREFECTURE}, {@code PROVINCE} or {@code WITHHELD} (absent: none)
 * @param effectiveMonth    the month the new status holds from
 * @param decidedMonth      the month the ledger judged it
 * @param cause             what caused it
 * @param policy            the policy in force, when one was and it governs no region finer than the jurisdiction
 *                          published
 * @param basis             the clauses that decided, under the same condition
 */
@WireType(name = "EntitlementChange", version = 2)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "version"})
public record EntitlementChangeV2(String messageId, String holderKey, String childKey, String serviceCode,
                                  Change change, String status, String previousStatus, String jurisdiction,
                                  String jurisdictionLevel, YearMonth effectiveMonth, YearMonth decidedMonth,
                                  Cause cause, PolicyRef policy, List<Clause> basis) implements PublicMessage {

    public enum Change { GRANTED, SUSPENDED, RESTORED, REVOKED }

    /**
     * @param kind      {@code event}: a recorded fact; {@code anniversary}: an anniversary passed without
     *                  endorsement (Art. 10); {@code threshold}: a condition reached with time;
     *                  {@code policy}: a policy took effect
     * @param eventType for {@code event}: the fact's wire name
     * @param sequence  for {@code event}: its position in the holder's stream
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cause(String kind, String eventType, Long sequence) {
    }

    public record PolicyRef(String id, int version) {
    }

    public record Clause(String document, String clause) {
    }
}
