package ledger.permit.rules.facts;

import ledger.permit.contracts.holder.UnmetCondition;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One application and what became of it: refused, rejected, or issued, endorsed and eventually ended.
 *
 * @param ended     the day the permit ended (moved away, settled, cancelled), or null
 * @param endReason why it ended
 */
public record PermitRecord(RegionCode jurisdiction, LocalDate residentSince, PermitBasis basis, LocalDate appliedOn,
                           List<UnmetCondition> refusedFor, LocalDate issuedOn, LocalDate rejectedOn,
                           List<LocalDate> endorsements, LocalDate ended, EndReason endReason) {

    public enum EndReason { MOVED_AWAY, SETTLED, CANCELLED }

    public PermitRecord {
        refusedFor = refusedFor == null ? List.of() : List.copyOf(refusedFor);
        endorsements = endorsements == null ? List.of() : List.copyOf(endorsements);
    }

    static PermitRecord applied(RegionCode jurisdiction, LocalDate residentSince, PermitBasis basis,
                                LocalDate appliedOn) {
        return new PermitRecord(jurisdiction, residentSince, basis, appliedOn, List.of(), null, null, List.of(),
                null, null);
    }

    public boolean refused() {
        return !refusedFor.isEmpty();
    }

    /** Whether a new application may follow this one (it was refused, rejected or has ended). */
    public boolean closed() {
        return refused() || rejectedOn != null || ended != null;
    }

    PermitRecord issued(LocalDate on) {
        return new PermitRecord(jurisdiction, residentSince, basis, appliedOn, refusedFor, on, rejectedOn,
                endorsements, ended, endReason);
    }

    PermitRecord rejected(LocalDate on) {
        return new PermitRecord(jurisdiction, residentSince, basis, appliedOn, refusedFor, issuedOn, on,
                endorsements, ended, endReason);
    }

    PermitRecord endorsed(LocalDate on) {
        List<LocalDate> all = new ArrayList<>(endorsements);
        all.add(on);
        all.sort(null);
        return new PermitRecord(jurisdiction, residentSince, basis, appliedOn, refusedFor, issuedOn, rejectedOn,
                all, ended, endReason);
    }

    PermitRecord ended(LocalDate on, EndReason reason) {
        return new PermitRecord(jurisdiction, residentSince, basis, appliedOn, refusedFor, issuedOn, rejectedOn,
                endorsements, on, reason);
    }
}
