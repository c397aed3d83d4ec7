package ledger.permit.query.access;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.servlet.http.HttpServletRequest;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.web.Pagination;
import ledger.permit.web.RequestFields;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Who read a holder's data: auditors list the accesses, or export them all as CSV (e.g. to answer the
 * holder). Reading the access log is itself recorded.
 */
@RestController
@RequestMapping("/api/v1/holders/{holderId}/accesses")
class AccessLogController {

    private static final int PAGE = 1_000;
    private static final CsvMapper CSV = CsvMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final CsvSchema COLUMNS = CSV.schemaFor(AccessLog.Access.class).withHeader();

    private final AccessLog accessLog;

    AccessLogController(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    record Accesses(String holderId, int page, int size, long total, List<AccessLog.Access> accesses) {
    }

    @GetMapping
    Accesses accesses(@PathVariable("holderId") String rawHolderId,
                      @RequestParam(name = "page", required = false) String rawPage,
                      @RequestParam(name = "size", required = false) String rawSize, HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        Pagination.PageRequest page = Pagination.request(fields, rawPage, rawSize, 100, 500);
        fields.validate();
        accessLog.record(HolderRead.ACCESSES, holderId.toString(), request);
        return new Accesses(holderId.toString(), page.page(), page.size(), accessLog.count(holderId.toString()),
                accessLog.accesses(holderId.toString(), (long) page.page() * page.size(), page.size()));
    }

    /** Every access to the holder, oldest first, as CSV with a header line. */
    @GetMapping("/export")
    ResponseEntity<StreamingResponseBody> export(@PathVariable("holderId") String rawHolderId,
                                                 HttpServletRequest request) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        fields.validate();
        String holder = holderId.toString();
        accessLog.record(HolderRead.ACCESS_EXPORT, holder, request);
        StreamingResponseBody body = out -> {
            try (SequenceWriter rows = CSV.writer(COLUMNS).writeValues(out)) {
                List<AccessLog.Access> page;
                long offset = 0;
                do {
                    page = accessLog.accesses(holder, offset, PAGE);
                    rows.writeAll(page);
                    offset += page.size();
                } while (page.size() == PAGE);
            }
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("accesses-" + holder + ".csv").build().toString())
                .body(body);
    }
}
