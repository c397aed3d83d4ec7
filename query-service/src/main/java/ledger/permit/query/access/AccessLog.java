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
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Component;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The append-only record of every read of a single holder's data (schema {@code access_log}). A read is
 * recorded before it is answered, on a connection pool of its own that may write (the read model's pool is
 * read-only); if the record cannot be written, the read is refused ({@link AccessNotRecordedException}).
 * <p>
 * Reads that arrive together are recorded together: one writer thread takes every record waiting and inserts
 * them in one transaction, so many reads share one commit (one fsync) instead of one each. Each read still
 * waits until its own record is committed. If a group cannot be written, its records are tried one by one, so
 * that one bad record refuses only its own read.
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

    private static final String INSERT = "INSERT INTO access_log.holder_access (holder_id, subject, role, agency, "
            + "purpose, resource, query) VALUES (?, ?, ?, ?, ?, ?, ?)";
    /** The most records one commit carries. */
    private static final int MAX_GROUP = 500;
    /** How long a read waits for its record before it is refused. */
    private static final long WAIT_SECONDS = 10;

    /** A record waiting to be written, and whoever waits for it. */
    private record Pending(Object[] values, CompletableFuture<Void> written) {
    }

    private final HikariDataSource pool;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean open = true;

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
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(pool));
        this.writer = Thread.ofPlatform().name("access-log-writer").daemon().start(this::writeWhileOpen);
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
        Pending pending = new Pending(new Object[]{holderId, caller.subject(), role.name(), caller.agency(), purpose,
                read.resource(), query}, new CompletableFuture<>());
        try {
            if (!open) {
                throw new IllegalStateException("the access log is closed");
            }
            waiting.add(pending);
            pending.written().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notRecorded(holderId, caller, e);
        } catch (ExecutionException e) {
            throw notRecorded(holderId, caller, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw notRecorded(holderId, caller, e);
        }
        return role;
    }

    private static AccessNotRecordedException notRecorded(String holderId, Caller caller, Throwable cause) {
        String reason = cause instanceof DataAccessException data ? data.getMostSpecificCause().getMessage()
                : cause.toString();
        log.error("Read of {} by {} refused: the access log could not record it: {}", holderId, caller.subject(),
                reason);
        return new AccessNotRecordedException(cause);
    }

    /** The writer: every record waiting, in one transaction, until the log is closed. */
    private void writeWhileOpen() {
        List<Pending> group = new ArrayList<>();
        while (open || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                write(group);
            } catch (InterruptedException e) {
                open = false;
            } catch (RuntimeException e) {
                group.forEach(pending -> pending.written().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    private void write(List<Pending> group) {
        try {
            insert(group);
            group.forEach(pending -> pending.written().complete(null));
        } catch (DataAccessException e) {
            if (group.size() == 1) {
                group.getFirst().written().completeExceptionally(e);
                return;
            }
            log.warn("A group of {} access records could not be written ({}); writing them one by one", group.size(),
                    e.getMostSpecificCause().getMessage());
            for (Pending pending : group) {
                write(List.of(pending));
            }
        }
    }

    private void insert(List<Pending> group) {
        transactions.executeWithoutResult(status -> jdbc.batchUpdate(INSERT,
                group.stream().map(Pending::values).toList()));
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

    /** Writes what is waiting, then closes the pool; a read arriving now is refused. */
    @Override
    public void destroy() throws InterruptedException {
        open = false;
        writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        pool.close();
    }
}
