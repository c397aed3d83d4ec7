package ledger.permit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;

/** RFC 7807 problem documents with the ledger's problem types. */
public final class Problems {

    private Problems() {
    }

    /**
     * Writes {@code problem} as the whole response, for code that answers outside Spring MVC (filters,
     * security handlers): its status, {@code application/problem+json} in UTF-8, the document.
     */
    public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail problem)
            throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:permit-ledger:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
