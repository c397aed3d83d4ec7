package ledger.permit.command.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;

import java.util.Optional;

/** What the holder needs from outside to keep one stream per citizen. */
public interface CitizenRegistry {

    /**
     * Binds the citizen to the new holder stream, in the caller's transaction.
     *
     * @return the holder the citizen was already bound to, or empty if the binding is new
     */
    Optional<HolderId> claim(CitizenId citizen, HolderId holder);
}
