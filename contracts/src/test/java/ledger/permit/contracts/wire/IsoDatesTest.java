package ledger.permit.contracts.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's mapper reads dates and months as the Java-time module alone reads them, in every form. */
class IsoDatesTest {

    private static final ObjectMapper LEDGER = HolderEventCodec.newMapper();
    private static final ObjectMapper MODULE_ALONE = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void a_date_in_any_form_is_read_as_the_java_time_module_reads_it() {
        readAsTheModuleReads(LocalDate.class, IsoDates::date, 10,
                List.of("\"2026-03-15\"", "\"2024-02-29\"", "\"1000-01-01\"", "\"9999-12-31\""),
                List.of("\"2026-02-29\"", "\"2026-13-01\"", "\"2026-00-10\"", "\"2026-04-31\"",
                        "\"2026-04-00\"", "\"0999-12-31\"", "\"0000-01-01\"", "\"+10000-01-01\"",
                        "\"2026-1-01\"", "\"2026/01/01\"", "\"2026-01-01T10:00:00\"", "\"\"", "\" 2026-01-01\"",
                        "\"２０２６-01-01\"", "\"2026-01-0a\"", "[2026,1,15]", "20000", "null"));
    }

    @Test
    void a_month_in_any_form_is_read_as_the_java_time_module_reads_it() {
        readAsTheModuleReads(YearMonth.class, IsoDates::month, 7,
                List.of("\"2026-03\"", "\"1000-01\"", "\"9999-12\""),
                List.of("\"2026-13\"", "\"2026-00\"", "\"0999-12\"", "\"2026-1\"", "\"+10000-01\"",
                        "\"2026/03\"", "\"2026-03-01\"", "\"\"", "\"２０２６-03\"", "\"2026-0a\"", "[2026,3]",
                        "null"));
    }

    /**
     * Each plain JSON string of {@code length} characters is read by {@code plain}, each other one of that length is
     * not; and the ledger's mapper reads every one of them as the Java-time module alone reads it.
     */
    private static void readAsTheModuleReads(Class<?> type, Function<String, Object> plain, int length,
                                             List<String> plainForms, List<String> otherForms) {
        for (String json : plainForms) {
            assertThat(plain.apply(json.substring(1, length + 1))).as(json).isNotNull();
        }
        for (String json : otherForms) {
            if (json.startsWith("\"") && json.length() == length + 2) {
                assertThat(plain.apply(json.substring(1, length + 1))).as(json).isNull();
            }
        }
        for (String json : concat(plainForms, otherForms)) {
            assertThat(read(LEDGER, json, type)).as(json).isEqualTo(read(MODULE_ALONE, json, type));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    /** The value read, or the kind of refusal. */
    private static Object read(ObjectMapper mapper, String json, Class<?> type) {
        try {
            return String.valueOf(mapper.readValue(json, type));
        } catch (Exception e) {
            return "refused: " + e.getClass().getSimpleName();
        }
    }
}
