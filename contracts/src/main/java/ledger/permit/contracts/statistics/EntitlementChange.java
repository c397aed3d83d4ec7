package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Cause;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Change;
import ledger.permit.contracts.statistics.EntitlementChangeV2.Clause;
import ledger.permit.contracts.statistics.EntitlementChangeV2.PolicyRef;
import ledger.permit.contracts.wire.WireType;

import java.time.LocalDate;
import java.util.List;

/**
 * A change of one holder's standing with one service, as the public entitlement-change topic carries it.
 *
 * @param messageId      unique per change; a consumer that sees it twice may drop the second
 * @param holderKey      the same pseudonymous key as on the fact topic
 * @param childKey       for the child services: keyed HMAC of the child's citizen ID
 * @param serviceCode    the service catalog code
 * @param change         {@code GRANTED}, {@code SUSPENDED}, {@code RESTORED} or {@code REVOKED}
 * @param status         the status from {@code effectiveDate}: {@code ENTITLED}, {@code SUSPENDED},
 *                       {@code NOT_YET} or {@code NOT_APPLICABLE}
 * @param previousStatus the status published before (absent for the first)
 * @param jurisdiction   GB/T 2260 code of the jurisdiction whose policy decided
 * @param effectiveDate  the day the new status holds from
 * @param decidedOn      the day the ledger judged it (the effective date, or later when the fact arrived late)
 * @param cause          what caused it
 * @param policy         the policy in force, when one was
 * @param basis          the clauses that decided
 * @deprecated no longer published: version 2 ({@link EntitlementChangeV2}) generalises what could single a holder out;
 *             kept to read what version 1 put on the topics
 */
@Deprecated
@WireType(name = "EntitlementChange", version = 1)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "version"})
public record EntitlementChange(String messageId, String holderKey, String childKey, String serviceCode,
                                Change change, String status, String previousStatus, String jurisdiction,
                                LocalDate effectiveDate, LocalDate decidedOn, Cause cause, PolicyRef policy,
                                List<Clause> basis) implements PublicMessage {
}
