package ledger.permit.projector;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rows written in {@code COPY}'s binary format read back as they were given, each type and {@code NULL} alike. */
class CopyInTest {

    private static final String TABLE = "copy_in_test.sample";
    private static final CopyIn.Columns COLUMNS = CopyIn.Columns.of("id uuid", "name text", "region text",
            "big int8", "small int4", "at timestamptz", "doc text");
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void table() {
        jdbc = new JdbcTemplate(TestDatabase.get().getPostgresDatabase());
        jdbc.execute("DROP SCHEMA IF EXISTS copy_in_test CASCADE");
        jdbc.execute("CREATE SCHEMA copy_in_test");
        jdbc.execute("CREATE TABLE " + TABLE + " (row_no SERIAL, id UUID, name VARCHAR(64), region CHAR(6), "
                + "big BIGINT, small INT, at TIMESTAMPTZ, doc JSON)");
    }

    @Test
    void each_value_reads_back_as_it_was_given() {
        jdbc.execute("TRUNCATE " + TABLE);
        UUID id = UUID.randomUUID();
        Instant[] instants = {Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("1999-12-31T23:59:59.5Z"), Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2026-03-15T02:00:00.123456Z"), Instant.parse("9999-12-31T23:59:59.999999Z")};
        String doc = "{ \"a\" : [1, 2.50, {\"b\": \"中文 \\\"quoted\\\"\"}], \"c\": null }";
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[]{id, "瑞丽 worker", "533102", Long.MAX_VALUE, Integer.MIN_VALUE,
                CopyIn.micros(instants[0]), doc});
        rows.add(new Object[]{id.toString(), "", "530100", Long.MIN_VALUE, 0, CopyIn.micros(instants[1]), "[]"});
        for (int i = 2; i < instants.length; i++) {
            rows.add(new Object[]{UUID.randomUUID(), "n" + i, null, (long) i, i, CopyIn.micros(instants[i]), "7"});
        }
        rows.add(new Object[]{null, null, null, null, null, null, null});

        CopyIn.rows(jdbc, TABLE, COLUMNS, rows);

        List<Object[]> read = jdbc.query("SELECT id, name, region, big, small, at, doc::text FROM " + TABLE
                + " ORDER BY row_no", (rs, n) -> new Object[]{rs.getObject(1, UUID.class), rs.getString(2),
                rs.getString(3), rs.getObject(4, Long.class), rs.getObject(5, Integer.class),
                rs.getObject(6, OffsetDateTime.class), rs.getString(7)});
        assertThat(read).hasSize(rows.size());
        assertThat(read.get(0)).containsExactly(id, "瑞丽 worker", "533102", Long.MAX_VALUE, Integer.MIN_VALUE,
                OffsetDateTime.parse("1970-01-01T00:00:00Z"), doc);
        assertThat(read.get(1)).containsExactly(id, "", "530100", Long.MIN_VALUE, 0,
                OffsetDateTime.parse("1969-12-31T23:59:59.999999Z"), "[]");
        for (int i = 2; i < instants.length; i++) {
            assertThat(((OffsetDateTime) read.get(i)[5]).toInstant()).as(instants[i].toString()).isEqualTo(instants[i]);
            assertThat(read.get(i)[2]).isNull();
            assertThat(read.get(i)[3]).isEqualTo((long) i);
        }
        assertThat(read.getLast()).containsOnlyNulls();
    }

    @Test
    void an_instant_is_rounded_half_up_to_the_microsecond() {
        assertThat(CopyIn.micros(Instant.ofEpochSecond(1, 1_499))).isEqualTo(1_000_001L);
        assertThat(CopyIn.micros(Instant.ofEpochSecond(1, 1_500))).isEqualTo(1_000_002L);
        assertThat(CopyIn.micros(Instant.ofEpochSecond(-1, 999_999_500))).isEqualTo(0L);
        assertThat(CopyIn.micros(Instant.ofEpochSecond(-1, 999_999_499))).isEqualTo(-1L);
    }

    @Test
    void a_value_of_another_type_is_refused_before_anything_is_sent() {
        jdbc.execute("TRUNCATE " + TABLE);
        Object[] good = {UUID.randomUUID(), "a", "533102", 1L, 1, 0L, "{}"};
        for (int column = 0; column < good.length; column++) {
            Object[] bad = Arrays.copyOf(good, good.length);
            bad[column] = good[column] instanceof String ? 12 : "12";
            List<Object[]> rows = List.of(good, bad);
            assertThatThrownBy(() -> CopyIn.rows(jdbc, TABLE, COLUMNS, rows)).as("column %d", column + 1)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column " + (column + 1));
        }
        assertThatThrownBy(() -> CopyIn.rows(jdbc, TABLE, COLUMNS, List.<Object[]>of(new Object[]{UUID.randomUUID()})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 values for 7 columns");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + TABLE, Long.class)).isZero();
    }

    @Test
    void a_row_postgresql_refuses_fails_the_whole_copy() {
        jdbc.execute("TRUNCATE " + TABLE);
        List<Object[]> rows = List.of(new Object[]{UUID.randomUUID(), "a", "533102", 1L, 1, 0L, "{}"},
                new Object[]{UUID.randomUUID(), "b", "533102", 2L, 2, 0L, "{not json"});
        assertThatThrownBy(() -> CopyIn.rows(jdbc, TABLE, COLUMNS, rows)).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("json");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM " + TABLE, Long.class)).isZero();
    }

    @Test
    void a_column_is_named_with_one_of_the_types() {
        assertThat(COLUMNS.names()).isEqualTo("id, name, region, big, small, at, doc");
        assertThatThrownBy(() -> CopyIn.Columns.of("id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CopyIn.Columns.of("id jsonb")).isInstanceOf(IllegalArgumentException.class);
    }
}
