package ledger.permit.command.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the holder needs from outside to keep one stream per citizen. */
public interface CitizenRegistry {

    /**
     * Binds the citizen to {@code holder} unless already bound, in the caller's transaction.
     *
     * @return the holder the citizen is bound to: {@code holder}, or the one bound before
     */
    HolderId bind(CitizenId citizen, HolderId holder);

    /** The holder the citizen is bound to, if any. */
    Optional<HolderId> holderOf(CitizenId citizen);

    /** The holders of those citizens that have one, in one look-up (for bulk feeds). */
    default Map<CitizenId, HolderId> holdersOf(Collection<CitizenId> citizens) {
        Map<CitizenId, HolderId> holders = new HashMap<>();
        citizens.forEach(citizen -> holderOf(citizen).ifPresent(holder -> holders.put(citizen, holder)));
        return holders;
    }
}
