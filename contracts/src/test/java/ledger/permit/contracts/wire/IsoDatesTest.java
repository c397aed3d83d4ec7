package ledger.permit.contracts.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's mapper reads dates and months as the Java-time module alone reads them, in every form. */
class IsoDatesTest {

    private static final ObjectMapper LEDGER = HolderEventCodec.newMapper();
    private static final ObjectMapper MODULE_ALONE = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void a_date_in_any_form_is_read_as_the_java_time_module_reads_it() {
        List<String> plain = List.of("\"2026-03-15\"", "\"2024-02-29\"", "\"1000-01-01\"", "\"9999-12-31\"");
        for (String json : plain) {
            assertThat(IsoDates.date(json.substring(1, 11))).as(json).isNotNull();
        }
        List<String> other = List.of("\"2026-02-29\"", "\"2026-13-01\"", "\"2026-00-10\"", "\"2026-04-31\"",
                "\"2026-04-00\"", "\"0999-12-31\"", "\"0000-01-01\"", "\"+10000-01-01\"", "\"2026-1-01\"",
                "\"2026/01/01\"", "\"2026-01-01T10:00:00\"", "\"\"", "\" 2026-01-01\"", "\"２０２６-01-01\"",
                "\"2026-01-0a\"", "[2026,1,15]", "20000", "null");
        for (String json : other) {
            if (json.startsWith("\"") && json.length() == 12) {
                assertThat(IsoDates.date(json.substring(1, 11))).as(json).isNull();
            }
        }
        for (String json : concat(plain, other)) {
            assertThat(read(LEDGER, json, LocalDate.class)).as(json)
                    .isEqualTo(read(MODULE_ALONE, json, LocalDate.class));
        }
    }

    @Test
    void a_month_in_any_form_is_read_as_the_java_time_module_reads_it() {
        List<String> plain = List.of("\"2026-03\"", "\"1000-01\"", "\"9999-12\"");
        for (String json : plain) {
            assertThat(IsoDates.month(json.substring(1, 8))).as(json).isNotNull();
        }
        List<String> other = List.of("\"2026-13\"", "\"2026-00\"", "\"0999-12\"", "\"2026-1\"", "\"+10000-01\"",
                "\"2026/03\"", "\"2026-03-01\"", "\"\"", "\"２０２６-03\"", "\"2026-0a\"", "[2026,3]", "null");
        for (String json : other) {
            if (json.startsWith("\"") && json.length() == 9) {
                assertThat(IsoDates.month(json.substring(1, 8))).as(json).isNull();
            }
        }
        for (String json : concat(plain, other)) {
            assertThat(read(LEDGER, json, YearMonth.class)).as(json)
                    .isEqualTo(read(MODULE_ALONE, json, YearMonth.class));
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
