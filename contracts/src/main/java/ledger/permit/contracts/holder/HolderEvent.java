package ledger.permit.contracts.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.wire.WireType;

import java.time.LocalDate;

/**
 * Every fact of a holder's life, on one page. The class names are stored by the event store and the
 * wire names go to Kafka: both are frozen once written; a change gets a new revision and an upcaster.
 */
public sealed interface HolderEvent permits HolderEvent.PermitApplied, HolderEvent.PermitIssued {

    HolderId holderId();

    /** The application as received: who, where, since when, on which basis (Decree 663 Art. 2). */
    @WireType(name = "PermitApplied", version = 1)
    record PermitApplied(HolderId holderId, CitizenId citizenId, RegionCode jurisdiction, LocalDate residentSince,
                         PermitBasis basis, LocalDate appliedOn) implements HolderEvent {
    }

    /** The permit was issued; the day-one services hold from this date (Art. 12). */
    @WireType(name = "PermitIssued", version = 1)
    record PermitIssued(HolderId holderId, LocalDate issuedOn) implements HolderEvent {
    }
}
