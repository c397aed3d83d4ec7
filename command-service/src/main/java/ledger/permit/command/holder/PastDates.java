package ledger.permit.command.holder;

import ledger.permit.contracts.values.InvalidValueException;
import ledger.permit.web.RequestFields;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Days and months a fact may be about: well formed, and not in the future ("today" in the ledger's zone). */
final class PastDates {

    private PastDates() {
    }

    static LocalDate date(Clock clock, RequestFields fields, String field, String raw) {
        LocalDate date = fields.requiredDate(field, raw);
        LocalDate today = LocalDate.now(clock);
        if (date != null && date.isAfter(today)) {
            fields.refuse(field, "is " + date + ", in the future (today is " + today + ")");
            return null;
        }
        return date;
    }

    static YearMonth month(Clock clock, RequestFields fields, String field, String raw) {
        YearMonth month = fields.required(field, raw, PastDates::yearMonth);
        YearMonth now = YearMonth.now(clock);
        if (month != null && month.isAfter(now)) {
            fields.refuse(field, "is " + month + ", in the future (this month is " + now + ")");
            return null;
        }
        return month;
    }

    private static YearMonth yearMonth(String raw) {
        try {
            return YearMonth.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("must be a month as YYYY-MM");
        }
    }
}
