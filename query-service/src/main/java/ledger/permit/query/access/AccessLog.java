package ledger.permit.query.access;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.http.HttpServletRequest;
import ledger.permit.web.FieldError;
import ledger.permit.web.InvalidRequestException;
import ledger.permit.web.security.Caller;
import ledger.permit.web.security.Role;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The append-only record of every read of a single holder's data (schema {@code access_log}). A read is
 * recorded before it is answered, on a connection pool of its own that may write (the read model's pool is
 * read-only); if the record cannot be written, the read is refused ({@link AccessNotRecordedException}).
 */
@Component
public class AccessLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AccessLog.class);

    /** Why an agency reads a holder's data; percent-encoded UTF-8 where it is not ASCII. */
    public static final String PURPOSE = "X-Purpose";
    private static final int MAX_PURPOSE = 200;

    /** One recorded access. */
    @JsonPropertyOrder({"id", "accessedAt", "holderId", "subject", "role", "agency", "purpose", "resource", "query"})
    public record Access(long id, Instant accessedAt, String holderId, String subject, String role, String agency,
                         String purpose, String resource, String query) {
    }

    private static final RowMapper<Access> ROW = (rs, i) -> new Access(rs.getLong("id"),
            rs.getTimestamp("accessed_at").toInstant(), rs.getString("holder_id"), rs.getString("subject"),
            rs.getString("role"), rs.getString("agency"), rs.getString("purpose"), rs.getString("resource"),
            rs.getString("query"));

    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;

    AccessLog(@Value("${ledger.access-log.url}") String url, @Value("${ledger.access-log.username}") String username,
              @Value("${ledger.access-log.password:}") String password) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("access-log");
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("options", "-c statement_timeout=10000");
        // the pool starts without a connection, so the service can start while the database is away
        config.setInitializationFailTimeout(-1);
        this.pool = new HikariDataSource(config);
        Flyway.configure().dataSource(pool).schemas("access_log").defaultSchema("access_log")
                .locations("classpath:db/migration/access_log").load().migrate();
        this.jdbc = new JdbcTemplate(pool);
    }

    /**
     * Records that the caller reads {@code holderId} through {@code read}. An agency must state its purpose.
     *
     * @return the role the caller reads under
     * @throws InvalidRequestException     when an agency states no purpose, or an unreadable one
     * @throws AccessNotRecordedException when the record cannot be written: the read must not go on
     */
    public Role record(HolderRead read, String holderId, HttpServletRequest request) {
        Caller caller = Caller.current();
        Role role = caller.actingAs(read.roles());
        String purpose = purpose(request.getHeader(PURPOSE));
        if (role == Role.AGENCY && purpose == null) {
            throw new InvalidRequestException(List.of(new FieldError(PURPOSE,
                    "is required of an agency: say why this holder's data is read (e.g. 入学资格审核)")));
        }
        String query = read == HolderRead.LOOKUP ? null : request.getQueryString();
        try {
            jdbc.update("INSERT INTO access_log.holder_access (holder_id, subject, role, agency, purpose, resource, "
                            + "query) VALUES (?, ?, ?, ?, ?, ?, ?)", holderId, caller.subject(), role.name(),
                    caller.agency(), purpose, read.resource(), query);
        } catch (DataAccessException e) {
            log.error("Read of {} by {} refused: the access log could not record it: {}", holderId,
                    caller.subject(), e.getMostSpecificCause().getMessage());
            throw new AccessNotRecordedException(e);
        }
        return role;
    }

    public long count(String holderId) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM access_log.holder_access WHERE holder_id = ?",
                Long.class, holderId);
        return count == null ? 0 : count;
    }

    /** A holder's accesses, oldest first. */
    public List<Access> accesses(String holderId, long offset, int limit) {
        return jdbc.query("SELECT * FROM access_log.holder_access WHERE holder_id = ? ORDER BY id OFFSET ? LIMIT ?",
                ROW, holderId, offset, limit);
    }

    /** Whether a record can be written now: the pool reaches the database. */
    public boolean reachable() {
        try {
            return Boolean.TRUE.equals(jdbc.queryForObject(
                    "SELECT has_table_privilege('access_log.holder_access', 'INSERT')", Boolean.class));
        } catch (DataAccessException e) {
            return false;
        }
    }

    private static String purpose(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String purpose;
        try {
            purpose = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8).strip();
        } catch (IllegalArgumentException e) {
            throw refused("is not valid percent-encoded UTF-8");
        }
        if (purpose.length() > MAX_PURPOSE) {
            throw refused("is longer than " + MAX_PURPOSE + " characters");
        }
        if (purpose.chars().anyMatch(Character::isISOControl)) {
            throw refused("contains control characters");
        }
        return purpose.isEmpty() ? null : purpose;
    }

    private static InvalidRequestException refused(String reason) {
        return new InvalidRequestException(List.of(new FieldError(PURPOSE, reason)));
    }

    @Override
    public void destroy() {
        pool.close();
    }
}
