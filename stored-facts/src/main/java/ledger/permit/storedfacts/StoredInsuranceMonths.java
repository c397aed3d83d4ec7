package ledger.permit.storedfacts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.InvalidValueException;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.wire.IsoDates;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.HolderFacts.InsuranceMonth;

import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a holder's contribution months are written wherever its facts are stored (the read model's facts, the command
 * service's snapshots): one text a month, in the order of their keys, of five parts apart by a space: the month, the
 * scheme, the jurisdiction, the day paid and the jurisdiction transferred from, {@code -} where there is none:
 * {@code "2025-01 PENSION 533102 2025-02-05 -"}.
 * <p>
 * A holder has some sixty of them a year, and they are most of its stored facts: as an object of one object a month,
 * each with its key and five field names, they took three times the room and, read back, most of the time of loading
 * a holder (a feed row's snapshot, a projected event's facts). Facts stored that way before are read as well.
 */
final class StoredInsuranceMonths {

    private static final char SEPARATOR = ' ';
    private static final String NONE = "-";

    private StoredInsuranceMonths() {
    }

    /** One month's text. */
    static String write(InsuranceMonth month) {
        if (month.month() == null || month.scheme() == null) {
            throw new IllegalArgumentException("a contribution month needs its month and scheme: " + month);
        }
        return new StringBuilder(40).append(month.month()).append(SEPARATOR).append(month.scheme().name())
                .append(SEPARATOR).append(region(month.jurisdiction()))
                .append(SEPARATOR).append(month.paidOn() == null ? NONE : month.paidOn().toString())
                .append(SEPARATOR).append(region(month.transferredFrom())).toString();
    }

    /**
     * The month a text of {@link #write} stands for, with its key in the facts' months ({@link HolderFacts#key}), its
     * regions made by {@code regions} (one holder's months').
     *
     * @throws IllegalArgumentException if the text is not of five such parts
     */
    private static Map.Entry<String, InsuranceMonth> read(String text, Regions regions) {
        int[] ends = new int[5];
        int from = 0;
        for (int part = 0; part < 4; part++) {
            int end = text.indexOf(SEPARATOR, from);
            if (end < 0) {
                throw new IllegalArgumentException("has " + (part + 1) + " parts, not 5");
            }
            ends[part] = end;
            from = end + 1;
        }
        ends[4] = text.length();
        if (text.indexOf(SEPARATOR, from) >= 0) {
            throw new IllegalArgumentException("has more than 5 parts");
        }
        String monthText = text.substring(0, ends[0]);
        YearMonth month = IsoDates.month(monthText);
        InsuranceScheme scheme = scheme(text, ends[0] + 1, ends[1]);
        String key;
        if (month != null) {
            // the month's own text: HolderFacts.key, without writing it again
            key = monthText + '/' + scheme.name();
        } else {
            month = YearMonth.parse(monthText);
            key = HolderFacts.key(month, scheme);
        }
        String paidOn = text.substring(ends[2] + 1, ends[3]);
        InsuranceMonth value = new InsuranceMonth(regions.of(text, ends[1] + 1, ends[2]), month, scheme,
                NONE.equals(paidOn) ? null : date(paidOn), regions.of(text, ends[3] + 1, ends[4]));
        return Map.entry(key, value);
    }

    private static final InsuranceScheme[] SCHEMES = InsuranceScheme.values();

    /** The scheme named by the text from {@code from} to {@code to}, as {@link InsuranceScheme#valueOf}, uncut. */
    private static InsuranceScheme scheme(String text, int from, int to) {
        for (InsuranceScheme scheme : SCHEMES) {
            String name = scheme.name();
            if (name.length() == to - from && text.startsWith(name, from)) {
                return scheme;
            }
        }
        throw new IllegalArgumentException("no insurance scheme " + text.substring(from, to));
    }

    /**
     * The region codes of one holder's months, which are mostly one or a few: a code the same as the one made just
     * before is that one again, not checked and made once more ({@link RegionCode#of}).
     */
    private static final class Regions {
        private RegionCode last;

        /** The region written from {@code from} to {@code to}; {@code null} for {@link #NONE}. */
        RegionCode of(String text, int from, int to) {
            if (to - from == NONE.length() && text.startsWith(NONE, from)) {
                return null;
            }
            if (last == null || to - from != last.value().length() || !text.startsWith(last.value(), from)) {
                last = RegionCode.of(text.substring(from, to));
            }
            return last;
        }
    }

    private static String region(RegionCode region) {
        return region == null ? NONE : region.value();
    }

    private static LocalDate date(String text) {
        LocalDate plain = IsoDates.date(text);
        return plain != null ? plain : LocalDate.parse(text);
    }

    /** Writes the months as texts, in the order of their keys. */
    static final class Writer extends StdSerializer<Map<String, InsuranceMonth>> {

        Writer() {
            super(Map.class, false);
        }

        @Override
        public void serialize(Map<String, InsuranceMonth> months, JsonGenerator json, SerializerProvider provider)
                throws IOException {
            Collection<InsuranceMonth> ordered = months instanceof SortedMap<String, InsuranceMonth> sorted
                    && sorted.comparator() == null ? months.values() : new TreeMap<>(months).values();
            json.writeStartArray(months, months.size());
            for (InsuranceMonth month : ordered) {
                json.writeString(write(month));
            }
            json.writeEndArray();
        }
    }

    /** Reads the months' texts, or the months as an object of objects as they were stored before. */
    static final class Reader extends StdDeserializer<Map<String, InsuranceMonth>> {

        Reader() {
            super(Map.class);
        }

        @Override
        public Map<String, InsuranceMonth> deserialize(JsonParser json, DeserializationContext context)
                throws IOException {
            if (json.currentToken() != JsonToken.START_ARRAY) {
                JavaType earlier = context.getTypeFactory().constructMapType(Map.class, String.class,
                        InsuranceMonth.class);
                return context.readValue(json, earlier);
            }
            Map<String, InsuranceMonth> months = new HashMap<>();
            Regions regions = new Regions();
            for (JsonToken token = json.nextToken(); token != JsonToken.END_ARRAY; token = json.nextToken()) {
                if (token != JsonToken.VALUE_STRING) {
                    return context.reportInputMismatch(this, "a contribution month is stored as a text, not %s",
                            token);
                }
                String text = json.getText();
                Map.Entry<String, InsuranceMonth> month;
                try {
                    month = read(text, regions);
                } catch (IllegalArgumentException | DateTimeParseException | InvalidValueException e) {
                    return context.reportInputMismatch(this, "not a stored contribution month: \"%s\" (%s)", text,
                            e.getMessage());
                }
                if (months.putIfAbsent(month.getKey(), month.getValue()) != null) {
                    return context.reportInputMismatch(this, "the contribution month %s is stored twice",
                            month.getKey());
                }
            }
            return months;
        }
    }
}
