package ledger.permit.contracts.statistics;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import ledger.permit.contracts.wire.WireType;

import java.time.YearMonth;
import java.util.Map;

/**
 * One holder event as the public fact topic carries it from version 2: no citizen ID, no name, no free text, and the
 * holder's attributes generalised so that every published combination of them is shared by at least <i>k</i>
 * holders (birth years in bands; hukou and jurisdiction coarsened where a class is small; every date a month).
 *
 * @param messageId         the event store's identifier of the event: the same fact always has the same id
 * @param holderKey         keyed HMAC-SHA256 of the citizen ID (base64url): stable per person, not reversible
 * @param sequence          the event's position in the holder's stream, from 0
 * @param eventType         the internal event's wire name, e.g. {@code PermitIssued}
 * @param eventVersion      its wire version
 * @param recordedMonth     the month the ledger stored the fact
 * @param jurisdiction      GB/T 2260 code of the holder's jurisdiction after the fact, at {@code jurisdictionLevel}
 *                          (absent before any, or withheld)
 * @param jurisdictionLevel {@code COUNTY}, {@code PREFECTURE}, {@code PROVINCE} or {@code WITHHELD} (absent before
 *                          any jurisdiction)
 * @param birthYears        the band of birth years, e.g. {@code 1980-1984} (absent: withheld)
 * @param sex               {@code MALE} or {@code FEMALE} (absent: withheld)
 * @param hukou             GB/T 2260 code of the region the ID number was first issued in, at {@code hukouLevel}
 *                          (absent: withheld)
 * @param hukouLevel        {@code PREFECTURE}, {@code PROVINCE} or {@code WITHHELD}
 * @param dates             the valid time: each month ({@code YYYY-MM}) the fact is about
 * @param codes             coded attributes only (basis, scheme, kind, level, regions at the levels above); never
 *                          free text
 * @param childKey          for a child's schooling: keyed HMAC of the child's citizen ID
 */
@WireType(name = "HolderFact", version = 2)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "version"})
public record HolderFactV2(String messageId, String holderKey, long sequence, String eventType, int eventVersion,
                           YearMonth recordedMonth, String jurisdiction, String jurisdictionLevel, String birthYears,
                           String sex, String hukou, String hukouLevel, Map<String, String> dates,
                           Map<String, String> codes, String childKey) implements PublicMessage {
}
