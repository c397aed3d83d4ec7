package ledger.permit.web;

import ledger.permit.contracts.values.InvalidValueException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the raw fields of a request into typed values, collecting every refusal so that the caller
 * learns all that is wrong at once. {@link #validate()} throws if anything was refused.
 */
public final class RequestFields {

    private final List<FieldError> errors = new ArrayList<>();

    /** The typed value of a required field, or {@code null} after recording why it was refused. */
    public <T> T required(String field, String raw, Function<String, T> parser) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return parse(field, raw, parser);
    }

    public LocalDate requiredDate(String field, String raw) {
        return required(field, raw, RequestFields::isoDate);
    }

    public <E extends Enum<E>> E requiredEnum(String field, String raw, Class<E> type) {
        return required(field, raw, value -> {
            try {
                return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("must be one of " + Arrays.stream(type.getEnumConstants())
                        .map(Enum::name).collect(Collectors.joining(", ")));
            }
        });
    }

    /** Records a refusal that concerns how fields relate, e.g. a date before another. */
    public void refuse(String field, String reason) {
        errors.add(new FieldError(field, reason));
    }

    public boolean isValid() {
        return errors.isEmpty();
    }

    public void validate() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private <T> T parse(String field, String raw, Function<String, T> parser) {
        try {
            return parser.apply(raw);
        } catch (InvalidValueException e) {
            errors.add(new FieldError(field, e.getMessage()));
            return null;
        }
    }

    public static LocalDate isoDate(String raw) {
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("must be an ISO-8601 date (YYYY-MM-DD), got '" + abbreviate(raw) + "'");
        }
    }

    /** A whole number within [min, max]. */
    public static int number(String raw, int min, int max) {
        try {
            int value = Integer.parseInt(raw.strip());
            if (value < min || value > max) {
                throw new InvalidValueException("must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidValueException("must be a whole number");
        }
    }

    static String abbreviate(String raw) {
        return raw.length() <= 40 ? raw : raw.substring(0, 40) + "…";
    }
}
