package ledger.permit.contracts.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;

import java.time.LocalDate;

/** What an agency asks the ledger to record for one holder. Every date arrives on the command. */
public sealed interface HolderCommand permits HolderCommand.ApplyPermit, HolderCommand.IssuePermit {

    HolderId holderId();

    /** A citizen applies for a permit in a jurisdiction (Decree 663 Art. 2); opens the holder's stream. */
    record ApplyPermit(HolderId holderId, CitizenId citizenId, RegionCode jurisdiction, LocalDate residentSince,
                       PermitBasis basis, LocalDate appliedOn) implements HolderCommand {
    }

    /** The public security organ issues the permit applied for. */
    record IssuePermit(HolderId holderId, LocalDate issuedOn) implements HolderCommand {
    }
}
