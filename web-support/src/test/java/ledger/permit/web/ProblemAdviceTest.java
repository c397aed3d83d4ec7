package ledger.permit.web;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures mean "the database is out of reach, retry" (503) rather than a fault of the service (500). */
class ProblemAdviceTest {

    @Test
    void a_commit_cut_off_behind_a_failed_rollback_is_a_lost_connection() {
        // what a PostgreSQL restart in the middle of a commit gave in a fault test: Spring logs the commit's
        // failure and throws only the rollback's, on Hikari's closed connection, with no SQLSTATE and no cause
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        assertThat(ProblemAdvice.connectionLoss(rollbackFailed)).isNotNull();
        assertThat(ProblemAdvice.connectionLoss(new DataAccessResourceFailureException(
                "JDBC commit; FATAL: terminating connection due to administrator command"))).isNotNull();
    }

    @Test
    void a_statement_on_a_connection_the_pool_found_closed_is_a_lost_connection() {
        // what a PostgreSQL restart gave in another fault test run: Axon wraps HikariCP's closed connection
        RuntimeException statementFailed = new RuntimeException("Failed to create a SQL statement",
                new SQLException("Connection is closed"));
        assertThat(ProblemAdvice.connectionLoss(statementFailed)).isNotNull();
    }

    @Test
    void connection_states_and_broken_sockets_are_lost_connections() {
        assertThat(ProblemAdvice.connectionLoss(new SQLException("gone", "08006"))).isNotNull();
        assertThat(ProblemAdvice.connectionLoss(new SQLException("shutting down", "57P01"))).isNotNull();
        assertThat(ProblemAdvice.connectionLoss(new RuntimeException(new java.net.SocketException("Broken pipe"))))
                .isNotNull();
    }

    @Test
    void other_failures_are_not() {
        assertThat(ProblemAdvice.connectionLoss(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isNull();
        assertThat(ProblemAdvice.connectionLoss(new SQLException("syntax error", "42601"))).isNull();
        assertThat(ProblemAdvice.connectionLoss(new IllegalStateException("a bug"))).isNull();
        assertThat(ProblemAdvice.connectionLoss(new SQLException("some other failure"))).isNull();
    }
}
