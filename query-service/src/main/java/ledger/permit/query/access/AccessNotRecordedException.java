package ledger.permit.query.access;

import ledger.permit.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A read refused because it could not be put on record: no holder's data leaves unlogged. */
public final class AccessNotRecordedException extends ErrorResponseException {

    AccessNotRecordedException(Throwable cause) {
        super(HttpStatus.SERVICE_UNAVAILABLE, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "access-not-recorded",
                "Access not recorded", "The read was refused because the access log could not record it; "
                        + "try again later."), cause);
        getHeaders().set("Retry-After", "5");
    }
}
