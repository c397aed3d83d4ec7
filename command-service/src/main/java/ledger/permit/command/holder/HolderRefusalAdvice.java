package ledger.permit.command.holder;

import ledger.permit.command.idempotency.IdempotentCommands;
import ledger.permit.web.FieldError;
import ledger.permit.web.ProblemAdvice;
import ledger.permit.web.Problems;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/** The holder's refusals as problem documents. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class HolderRefusalAdvice {

    @ExceptionHandler(HolderRefusal.CitizenAlreadyHolding.class)
    ProblemDetail alreadyHolding(HolderRefusal.CitizenAlreadyHolding e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "citizen-already-holding", "Citizen already applied",
                e.getMessage() + "; no second application was recorded.");
        problem.setProperty("holderId", e.existing().toString());
        return problem;
    }

    @ExceptionHandler(HolderRefusal.InconsistentDate.class)
    ProblemDetail inconsistentDate(HolderRefusal.InconsistentDate e) {
        return ProblemAdvice.invalid(List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(HolderRefusal.WrongPermitStage.class)
    ProblemDetail wrongStage(HolderRefusal.WrongPermitStage e) {
        return Problems.of(HttpStatus.CONFLICT, "wrong-permit-stage", "Not possible in the permit's stage",
                e.getMessage());
    }

    @ExceptionHandler(HolderRefusal.NothingToCorrect.class)
    ProblemDetail nothingToCorrect(HolderRefusal.NothingToCorrect e) {
        return Problems.of(HttpStatus.CONFLICT, "nothing-to-correct", "Nothing to correct", e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownHolder(AggregateNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                "No holder " + e.getAggregateIdentifier() + " is recorded.");
    }

    @ExceptionHandler(IdempotentCommands.IdempotencyKeyReused.class)
    ProblemDetail keyReused(IdempotentCommands.IdempotencyKeyReused e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "idempotency-key-reused", "Idempotency-Key reused",
                e.getMessage() + "; nothing of this request was recorded. Use a new key for a new request.");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ProblemDetail concurrent(ConcurrencyException e) {
        return Problems.of(HttpStatus.CONFLICT, "concurrent-change", "Concurrent change",
                "Other changes to this holder kept being recorded at the same time, even after retries; "
                        + "nothing of this request was recorded. Retry it.");
    }
}
