package ledger.permit.rules.policy;

import java.time.LocalDate;

/** A document a policy encodes: its number, title, date, and the seed file of its text. */
public record Source(String document, String title, LocalDate issued, String seed) {
}
