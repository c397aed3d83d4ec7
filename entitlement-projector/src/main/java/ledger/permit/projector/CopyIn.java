package ledger.permit.projector;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} in its binary format, in the caller's transaction: one
 * statement for any number of rows. Each value goes in its column type's binary form, so that PostgreSQL reads no
 * text for an identifier, a number or a time; a text or JSON column's value as its UTF-8 bytes (PostgreSQL checks a
 * {@code json} column's text as it would in any other format). A {@code null} value is SQL {@code NULL}, an empty
 * string stays an empty string.
 */
final class CopyIn {

    /** A column's type, as this writer sends its values. */
    enum Type {
        /** a {@link UUID}, or its text */
        UUID,
        /** a {@link String}: {@code text}, {@code varchar}, {@code char} or {@code json} */
        TEXT,
        /** an {@link Integer} */
        INT4,
        /** a {@link Long} */
        INT8,
        /** a {@link Long}: microseconds since 1970-01-01T00:00:00Z ({@link #micros}) */
        TIMESTAMPTZ
    }

    /** A table's columns in a row's order: {@code names} as they may go into SQL. */
    record Columns(String names, List<Type> types) {

        /** @param columns each a column's name and its {@link Type}, {@code "holder_id uuid"} */
        static Columns of(String... columns) {
            String[][] parts = Arrays.stream(columns).map(c -> c.trim().split("\\s+")).toArray(String[][]::new);
            for (String[] part : parts) {
                if (part.length != 2) {
                    throw new IllegalArgumentException("not a column's name and type: " + String.join(" ", part));
                }
            }
            return new Columns(Arrays.stream(parts).map(p -> p[0]).collect(Collectors.joining(", ")),
                    Arrays.stream(parts).map(p -> Type.valueOf(p[1].toUpperCase(Locale.ROOT))).toList());
        }
    }

    /** The binary format's header: its signature, no flags, no header extension. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0};
    /** PostgreSQL's epoch, 2000-01-01T00:00:00Z, in microseconds since 1970's. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private CopyIn() {
    }

    /**
     * @param table   the table, as it may go into SQL (a plain name)
     * @param columns its columns, in the order of each row's values
     * @param rows    each row's values, of its columns' {@link Type}s, or {@code null}
     */
    static void rows(JdbcTemplate jdbc, String table, Columns columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Encoder data = encode(table, columns, rows);
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " ("
                        + columns.names() + ") FROM STDIN (FORMAT binary)", data.stream(), 1 << 16);
            } catch (IOException e) {
                throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** The rows in {@code COPY}'s binary format. */
    private static Encoder encode(String table, Columns columns, List<Object[]> rows) {
        List<Type> types = columns.types();
        Encoder out = new Encoder(rows.size() * 64 * types.size());
        out.bytes(HEADER);
        for (Object[] row : rows) {
            if (row.length != types.size()) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + types.size()
                        + " columns of " + table);
            }
            out.int2(types.size());
            for (int i = 0; i < row.length; i++) {
                try {
                    out.value(types.get(i), row[i]);
                } catch (ClassCastException | IllegalArgumentException e) {
                    throw new IllegalArgumentException("column " + (i + 1) + " of " + table + " takes "
                            + types.get(i) + ", not " + row[i], e);
                }
            }
        }
        out.int2(-1);
        return out;
    }

    /**
     * An instant as the fact log's and the holders' {@code timestamptz} columns take it: microseconds since
     * 1970-01-01T00:00:00Z, rounded half up, as the JDBC driver sends an instant.
     */
    static long micros(Instant instant) {
        Instant rounded = instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        return Math.addExact(Math.multiplyExact(rounded.getEpochSecond(), 1_000_000L), rounded.getNano() / 1_000);
    }

    /** A growing buffer of big-endian values, as the binary format has them. */
    private static final class Encoder {
        private byte[] buffer;
        private int length;

        private Encoder(int capacity) {
            buffer = new byte[Math.max(64, capacity)];
        }

        private void value(Type type, Object value) {
            if (value == null) {
                int4(-1);
                return;
            }
            switch (type) {
                case UUID -> {
                    UUID id = value instanceof UUID uuid ? uuid : UUID.fromString((String) value);
                    int4(16);
                    int8(id.getMostSignificantBits());
                    int8(id.getLeastSignificantBits());
                }
                case TEXT -> {
                    byte[] text = ((String) value).getBytes(StandardCharsets.UTF_8);
                    int4(text.length);
                    bytes(text);
                }
                case INT4 -> {
                    int4(4);
                    int4((Integer) value);
                }
                case INT8 -> {
                    int4(8);
                    int8((Long) value);
                }
                case TIMESTAMPTZ -> {
                    int4(8);
                    int8(Math.subtractExact((Long) value, POSTGRES_EPOCH_MICROS));
                }
            }
        }

        private void room(int more) {
            if (buffer.length - length < more) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
            }
        }

        private void bytes(byte[] bytes) {
            room(bytes.length);
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }

        private void int2(int value) {
            room(2);
            buffer[length++] = (byte) (value >>> 8);
            buffer[length++] = (byte) value;
        }

        private void int4(int value) {
            room(4);
            for (int shift = 24; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        private void int8(long value) {
            room(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buffer[length++] = (byte) (value >>> shift);
            }
        }

        /** What was written. */
        ByteArrayInputStream stream() {
            return new ByteArrayInputStream(buffer, 0, length);
        }
    }
}
