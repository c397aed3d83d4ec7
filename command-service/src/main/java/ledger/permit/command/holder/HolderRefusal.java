package ledger.permit.command.holder;

import ledger.permit.contracts.values.HolderId;

import java.time.LocalDate;

/** Why the ledger will not record a command. Each refusal is its own type; none leaves a trace in the store. */
public abstract sealed class HolderRefusal extends RuntimeException {

    private HolderRefusal(String message) {
        super(message);
    }

    /** The citizen already has a holder stream: one person, one history. */
    public static final class CitizenAlreadyHolding extends HolderRefusal {
        private final HolderId existing;

        CitizenAlreadyHolding(HolderId existing) {
            super("this citizen already applied: holder " + existing);
            this.existing = existing;
        }

        public HolderId existing() {
            return existing;
        }
    }

    /** A date on the command contradicts another date of the same holder. */
    public static final class InconsistentDate extends HolderRefusal {
        private final String field;

        InconsistentDate(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The permit is not in the stage the command needs (e.g. issuing a permit twice). */
    public static final class WrongPermitStage extends HolderRefusal {
        WrongPermitStage(String message) {
            super(message);
        }
    }

    static InconsistentDate issuedBeforeApplication(LocalDate appliedOn, LocalDate issuedOn) {
        return new InconsistentDate("issuedOn", "is " + issuedOn + ", before the application on " + appliedOn);
    }
}
