package ledger.permit.command.holder;

import ledger.permit.contracts.values.HolderId;

/** Why the ledger will not record a command. Each refusal is its own type; none leaves a trace in the store. */
public abstract sealed class HolderRefusal extends RuntimeException {

    private HolderRefusal(String message) {
        super(message);
    }

    /** The citizen already has a holder stream with an open application or permit: one person, one history. */
    public static final class CitizenAlreadyHolding extends HolderRefusal {
        private final HolderId existing;

        CitizenAlreadyHolding(HolderId existing, String why) {
            super(why);
            this.existing = existing;
        }

        public HolderId existing() {
            return existing;
        }
    }

    /** A date or value on the command contradicts what is recorded (e.g. issued before applied). */
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

    /** The command names something the holder's record does not have (e.g. retracting an unrecorded month). */
    public static final class NothingToCorrect extends HolderRefusal {
        NothingToCorrect(String message) {
            super(message);
        }
    }
}
