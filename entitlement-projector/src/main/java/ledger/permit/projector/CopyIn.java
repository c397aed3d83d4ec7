package ledger.permit.projector;

import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} in CSV, in the caller's transaction: one statement
 * for any number of rows. A {@code null} value is SQL {@code NULL}, an empty string stays an empty string.
 */
final class CopyIn {

    private static final ObjectWriter CSV = new CsvMapper()
            .enable(CsvGenerator.Feature.ALWAYS_QUOTE_EMPTY_STRINGS)
            .writer(CsvSchema.emptySchema().withLineSeparator("\n"));

    private CopyIn() {
    }

    /**
     * @param table   the table, as it may go into SQL (a plain name)
     * @param columns its columns, as they may go into SQL, in the order of each row's values
     * @param rows    values as strings, numbers or {@code null} (see {@link #timestamp})
     */
    static void rows(JdbcTemplate jdbc, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringWriter csv = new StringWriter();
        try (SequenceWriter writer = CSV.writeValues(csv)) {
            writer.writeAll(rows);
        } catch (IOException e) {
            throw new IllegalStateException("rows for " + table + " cannot be written as CSV", e);
        }
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)", new StringReader(csv.toString()));
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** An instant as PostgreSQL stores it: rounded half up to the microsecond, as the JDBC driver sends it. */
    static String timestamp(Instant instant) {
        return instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS).toString();
    }
}
