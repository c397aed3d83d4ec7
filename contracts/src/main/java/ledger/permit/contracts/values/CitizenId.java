package ledger.permit.contracts.values;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * 公民身份号码 (GB 11643-1999): six-digit region of hukou registration, eight-digit birth date,
 * three-digit sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character.
 * Personal data: it stays inside the ledger and the agency API.
 */
public record CitizenId(String value) {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    public CitizenId {
        if (value == null) {
            throw new InvalidValueException("citizen ID is missing");
        }
        if (value.length() != 18) {
            throw new InvalidValueException("citizen ID must have 18 characters, got " + value.length());
        }
        for (int i = 0; i < 17; i++) {
            if (!isAsciiDigit(value.charAt(i))) {
                throw new InvalidValueException("citizen ID must start with 17 digits");
            }
        }
        char last = value.charAt(17);
        if (!isAsciiDigit(last) && last != 'X') {
            throw new InvalidValueException("the last character of a citizen ID must be a digit or X");
        }
        char expected = checkCharacter(value.substring(0, 17));
        if (last != expected) {
            throw new InvalidValueException("citizen ID check digit is wrong (GB 11643, ISO 7064 MOD 11-2)");
        }
        birthDateOf(value);
        RegionCode.requireKnownProvince(value.substring(0, 2), "citizen ID");
    }

    @JsonCreator
    public static CitizenId of(String value) {
        return new CitizenId(value == null ? null : value.strip().toUpperCase());
    }

    /** The citizen ID made of these 17 digits and the check character they call for. */
    public static CitizenId withCheckCharacter(String first17) {
        return new CitizenId(first17 + checkCharacter(first17));
    }

    /** For tests of refusals: the 17 digits and their check character, not validated further. */
    static String withCheckCharacterUnchecked(String first17) {
        return first17 + checkCharacter(first17);
    }

    static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    public LocalDate birthDate() {
        return birthDateOf(value);
    }

    /** GB 11643: an odd sequence code is a man, an even one a woman. */
    public Sex sex() {
        return (value.charAt(16) - '0') % 2 == 1 ? Sex.MALE : Sex.FEMALE;
    }

    /** The region where the hukou was first registered, as coded in the number. */
    public String hukouRegion() {
        return value.substring(0, 6);
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    /** Never the number itself: logs and exception messages must not carry personal data. */
    @Override
    public String toString() {
        return "CitizenId[" + value.substring(0, 2) + "****************]";
    }

    private static LocalDate birthDateOf(String value) {
        try {
            return LocalDate.of(Integer.parseInt(value.substring(6, 10)),
                    Integer.parseInt(value.substring(10, 12)),
                    Integer.parseInt(value.substring(12, 14)));
        } catch (DateTimeException e) {
            throw new InvalidValueException("citizen ID carries an impossible birth date");
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    public enum Sex { MALE, FEMALE }
}
