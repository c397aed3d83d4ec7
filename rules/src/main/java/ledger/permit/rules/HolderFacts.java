package ledger.permit.rules;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;

import java.time.LocalDate;

/**
 * What the rules need to know of one holder, folded from the holder's events in order.
 * No personal data: the citizen ID is not a fact any rule decides on.
 */
public record HolderFacts(RegionCode jurisdiction, LocalDate residentSince, PermitBasis basis, LocalDate appliedOn,
                          LocalDate issuedOn) {

    public static HolderFacts none() {
        return new HolderFacts(null, null, null, null, null);
    }

    public HolderFacts apply(HolderEvent event) {
        return switch (event) {
            case PermitApplied e -> new HolderFacts(e.jurisdiction(), e.residentSince(), e.basis(), e.appliedOn(), null);
            case PermitIssued e -> new HolderFacts(jurisdiction, residentSince, basis, appliedOn, e.issuedOn());
        };
    }

    public PermitStatus permitStatus() {
        if (issuedOn != null) {
            return PermitStatus.ISSUED;
        }
        return appliedOn != null ? PermitStatus.APPLIED : PermitStatus.NONE;
    }

    public enum PermitStatus { NONE, APPLIED, ISSUED }
}
