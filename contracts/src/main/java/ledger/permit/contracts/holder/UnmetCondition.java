package ledger.permit.contracts.holder;

/**
 * A condition of a policy that a holder did not meet, with the clause that sets it.
 *
 * @param condition what was asked, e.g. {@code residenceBeforeApplication}
 * @param required  what the clause requires, in words and numbers (e.g. {@code P6M})
 * @param actual    what the holder had
 * @param document  the source document, e.g. 德政办发〔2016〕142号
 * @param clause    its clause, e.g. 十二
 */
public record UnmetCondition(String condition, String required, String actual, String document, String clause) {
}
