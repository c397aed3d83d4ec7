package ledger.permit.rules.policy;

/** A document and the clause of it that a value or decision comes from, e.g. 德政办发〔2016〕142号 十二. */
public record Citation(String document, String clause) {

    @Override
    public String toString() {
        return document + " " + clause;
    }
}
