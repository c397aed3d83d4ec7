package ledger.permit.contracts.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.YearMonthDeserializer;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;

/**
 * Reads a date ({@code 2026-03-15}) or a month ({@code 2026-03}) as Jackson's Java-time module does, without its
 * {@code DateTimeFormatter} when the text is plainly one: four digits of a year from 1000, two of a month and, for a
 * date, two of a day that month has. Anything else (another form, an invalid date, a number, an array) is left to
 * the Java-time module's own reading, which gives the same value or the same refusal. A date and a month are in
 * every event and every holder's facts; the formatter was some 15 % of the work of reading them back.
 * Registered after the Java-time module, whose readers it takes the place of.
 */
public final class IsoDates {

    private IsoDates() {
    }

    static SimpleModule module() {
        SimpleModule module = new SimpleModule("iso-dates");
        module.addDeserializer(LocalDate.class, new Plain<>(LocalDate.class, LocalDateDeserializer.INSTANCE) {
            @Override
            LocalDate plain(String text) {
                return date(text);
            }
        });
        module.addDeserializer(YearMonth.class, new Plain<>(YearMonth.class, YearMonthDeserializer.INSTANCE) {
            @Override
            YearMonth plain(String text) {
                return month(text);
            }
        });
        return module;
    }

    /** {@code yyyy-MM-dd} of a real day from the year 1000, or {@code null}. */
    public static LocalDate date(String text) {
        if (text.length() != 10 || text.charAt(7) != '-') {
            return null;
        }
        YearMonth month = month(text.substring(0, 7));
        int day = digits(text, 8, 10);
        return month != null && day >= 1 && day <= month.lengthOfMonth() ? month.atDay(day) : null;
    }

    /** {@code yyyy-MM} from the year 1000, or {@code null}. */
    public static YearMonth month(String text) {
        if (text.length() != 7 || text.charAt(4) != '-') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        return year >= 1000 && month >= 1 && month <= 12 ? YearMonth.of(year, month) : null;
    }

    /** The decimal number of {@code text[from, to)}, or -1 if it is not all ASCII digits. */
    public static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** A plain text read here; anything else by the Java-time module's reader. */
    private abstract static class Plain<T> extends StdDeserializer<T> {
        private final JsonDeserializer<T> module;

        Plain(Class<T> type, JsonDeserializer<T> module) {
            super(type);
            this.module = module;
        }

        abstract T plain(String text);

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                T value = plain(parser.getText());
                if (value != null) {
                    return value;
                }
            }
            return module.deserialize(parser, context);
        }
    }
}
