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
        // what a PostgreSQL restart in the middle of a commit gives: the rollback fails on the closed
        // connection (no SQLSTATE) and the commit's failure is kept as the application exception
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException(
                "JDBC commit; FATAL: terminating connection due to administrator command"));
        assertThat(ProblemAdvice.connectionLoss(new RuntimeException(rollbackFailed))).isNotNull();
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
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataIntegrityViolationException("duplicate key"));
        assertThat(ProblemAdvice.connectionLoss(rollbackFailed)).isNull();
        assertThat(ProblemAdvice.connectionLoss(new SQLException("syntax error", "42601"))).isNull();
        assertThat(ProblemAdvice.connectionLoss(new IllegalStateException("a bug"))).isNull();
    }
}
