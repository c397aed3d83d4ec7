package ledger.permit.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error of either API as {@code application/problem+json}. Refused fields are listed under
 * {@code errors} as {@code {field, reason}}; nothing internal leaks into a response.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalidRequest(InvalidRequestException e) {
        return invalid(e.errors());
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ProblemDetail notFound(ResourceNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        return invalid(List.of(new FieldError(e.getName(), "has the wrong type")));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        Throwable loss = connectionLoss(e);
        if (loss != null) {
            log.warn("Request refused while the database is out of reach: {}", loss.toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                    .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", "Temporarily unavailable",
                            "The database is out of reach; this request was not completed. Retry it, with the "
                                    + "same Idempotency-Key, so that it is recorded once."));
        }
        return ResponseEntity.internalServerError().body(internalError(e));
    }

    /**
     * The lost connection behind {@code e}, if that is what it is. A commit or rollback that failed
     * ({@code TransactionSystemException}) counts too: when a restart cuts the connection during a commit, the
     * rollback fails next on the closed connection and Spring reports only that, without the commit's failure
     * or any SQLSTATE. Whether such a commit happened is unknown, which a retry with the same Idempotency-Key
     * settles.
     */
    static Throwable connectionLoss(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof org.springframework.dao.DataAccessResourceFailureException
                    || cause instanceof org.springframework.transaction.CannotCreateTransactionException
                    || cause instanceof org.springframework.transaction.TransactionSystemException
                    || cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.net.ConnectException
                    || cause instanceof java.net.SocketException
                    || cause instanceof java.sql.SQLException sql && isConnectionLoss(sql)) {
                return cause;
            }
        }
        return null;
    }

    /**
     * SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shutting down or starting); or the
     * pool's own "Connection is closed", which HikariCP raises without a SQLSTATE when a connection the
     * database cut is used again (in a fault test it came through Axon's "Failed to create a SQL statement").
     */
    private static boolean isConnectionLoss(java.sql.SQLException e) {
        String sqlState = e.getSQLState();
        if (sqlState == null) {
            return HIKARI_CLOSED_CONNECTION.equals(e.getMessage());
        }
        return sqlState.startsWith("08") || sqlState.startsWith("57P0");
    }

    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    private static ProblemDetail internalError(Exception e) {
        log.error("Request failed unexpectedly", e);
        return Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request could not be completed; nothing was recorded by it. The error has been logged.");
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(MissingServletRequestParameterException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.badRequest().body(invalid(List.of(new FieldError(e.getParameterName(), "is required"))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestLimits.BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
                        .body(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, "body-too-large", "Request body too large",
                                tooLarge.getMessage() + "; nothing was recorded."));
            }
        }
        return ResponseEntity.badRequest().body(invalid(List.of(unreadable(e.getMostSpecificCause()))));
    }

    static FieldError unreadable(Throwable cause) {
        if (cause instanceof UnrecognizedPropertyException u) {
            return new FieldError(path(u), "is not a field of this request");
        }
        if (cause instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new FieldError(path(m), "has the wrong type or form");
        }
        if (cause instanceof JsonProcessingException p) {
            return new FieldError("body", "is not well-formed JSON: " + p.getOriginalMessage());
        }
        return new FieldError("body", "is missing or unreadable");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The 400 problem for refused fields, with the fields under {@code errors}. */
    public static ProblemDetail invalid(List<FieldError> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                errors.stream().map(e -> e.field() + " " + e.reason()).collect(Collectors.joining("; ")));
        problem.setProperty("errors", errors);
        return problem;
    }
}
