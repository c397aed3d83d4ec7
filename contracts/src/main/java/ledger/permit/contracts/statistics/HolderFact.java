package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ledger.permit.contracts.wire.WireType;

import java.time.Instant;
import java.util.Map;

/**
 * One holder event as the public statistics topic carries it: no citizen ID, no name, no free text;
 * the holder only as a pseudonymous key and the coarse attributes statistics need.
 *
 * @param messageId       the event store's identifier of the event: the same fact always has the same id
 * @param holderKey       keyed HMAC-SHA256 of the citizen ID (base64url): stable per person, not reversible
 * @param sequence        the event's position in the holder's stream, from 0
 * @param eventType       the internal event's wire name, e.g. {@code PermitIssued}
 * @param eventVersion    its wire version
 * @param recordedAt      when the ledger stored the fact (record time)
 * @param jurisdiction    GB/T 2260 code of the holder's jurisdiction after the fact (null before any)
 * @param birthYear       from the citizen ID
 * @param sex             {@code MALE} or {@code FEMALE}, from the citizen ID
 * @param hukouProvince   GB/T 2260 province the ID number was first issued in
 * @param hukouPrefecture GB/T 2260 prefecture the ID number was first issued in
 * @param dates           the valid time: each day ({@code YYYY-MM-DD}) or month ({@code YYYY-MM}) the fact is about
 * @param codes           coded attributes only (basis, scheme, kind, level, grade, regions); never free text
 * @param childKey        for a child's school year: keyed HMAC of the child's citizen ID
 * @deprecated no longer published: version 2 ({@link HolderFactV2}) generalises what could single a holder out;
 *             kept to read what version 1 put on the topics
 */
@Deprecated
@WireType(name = "HolderFact", version = 1)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "version"})
public record HolderFact(String messageId, String holderKey, long sequence, String eventType, int eventVersion,
                         Instant recordedAt, String jurisdiction, int birthYear, String sex, String hukouProvince,
                         String hukouPrefecture, Map<String, String> dates, Map<String, String> codes,
                         String childKey) implements PublicMessage {
}
