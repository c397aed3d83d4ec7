package ledger.permit.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.permit.audit.ChainVerifier;
import ledger.permit.contracts.values.HolderId;
import jakarta.servlet.http.HttpServletRequest;
import ledger.permit.query.access.AccessLog;
import ledger.permit.query.access.HolderRead;
import ledger.permit.rules.Timeline;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.storedfacts.StoredFacts;
import ledger.permit.rules.facts.RecordedEvent;
import ledger.permit.rules.facts.ValidTime;
import ledger.permit.rules.policy.PolicyCatalog;
import ledger.permit.web.Pagination;
import ledger.permit.web.RequestFields;
import ledger.permit.web.ResourceNotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What auditors ask: every event of a holder as stored, why each service changed and when, and whether
 * the record is as it was written (the hash chain) and as the projector read it (a replay).
 */
@RestController
@RequestMapping("/api/v1/holders/{holderId}")
class AuditController {

    private static final int MAX_PAGE = 500;

    private final EventStoreReader store;
    private final PolicyCatalog policies;
    private final JdbcTemplate jdbc;
    private final AccessLog accessLog;
    private final Clock clock;

    AuditController(EventStoreReader store, PolicyCatalog policies, JdbcTemplate jdbc, AccessLog accessLog,
                    Clock clock) {
        this.store = store;
        this.policies = policies;
        this.jdbc = jdbc;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    record History(String holderId, int page, int size, long total, List<HistoryEvent> events) {
    }

    /** One event as stored, personal fields included: only auditors read it, and each read is on record. */
    record HistoryEvent(long sequence, String eventId, String type, int version, Map<String, Object> validTime,
                        JsonNode payload, Instant recordedAt, String actor, String agency, String chainHash) {
    }

    record Verification(String holderId, long events, boolean intact, List<ChainVerifier.Finding> findings) {
    }

    record Audit(String holderId, LocalDate from, LocalDate to, List<Timeline.Change> changes,
                 AuditVerification verification) {
    }

    /**
     * @param replayMatchesProjection whether folding the stored events gives exactly the projector's facts
     * @param differences             each difference, by field
     */
    record AuditVerification(boolean replayMatchesProjection, List<String> differences, boolean chainIntact,
                             List<ChainVerifier.Finding> chainFindings) {
    }

    @GetMapping("/history")
    History history(@PathVariable("holderId") String rawHolderId,
                    @RequestParam(name = "page", required = false) String rawPage,
                    @RequestParam(name = "size", required = false) String rawSize, HttpServletRequest http) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        Pagination.PageRequest request = Pagination.request(fields, rawPage, rawSize, 100, MAX_PAGE);
        fields.validate();
        accessLog.record(HolderRead.HISTORY, holderId.toString(), http);
        int page = request.page();
        int size = request.size();
        long total = existing(holderId);
        List<HistoryEvent> events = store.events(holderId, (long) page * size, size).stream()
                .map(e -> new HistoryEvent(e.sequence(), e.eventId(), e.type(), e.version(), ValidTime.of(e.event()),
                        e.payload(), e.recordedAt(), e.actor(), e.agency(), e.chainHash()))
                .toList();
        return new History(holderId.toString(), page, size, total, events);
    }

    @GetMapping("/verification")
    Verification verification(@PathVariable("holderId") String rawHolderId, HttpServletRequest http) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        fields.validate();
        accessLog.record(HolderRead.VERIFICATION, holderId.toString(), http);
        existing(holderId);
        ChainVerifier.Result result = store.verify(holderId);
        return new Verification(holderId.toString(), result.events(), result.intact(), result.findings());
    }

    @GetMapping("/audit")
    Audit audit(@PathVariable("holderId") String rawHolderId,
                @RequestParam(name = "from", required = false) String rawFrom,
                @RequestParam(name = "to", required = false) String rawTo, HttpServletRequest http) {
        RequestFields fields = new RequestFields();
        HolderId holderId = fields.required("holderId", rawHolderId, HolderId::of);
        LocalDate to = rawTo == null ? LocalDate.now(clock) : fields.requiredDate("to", rawTo);
        LocalDate from = rawFrom == null ? null : fields.requiredDate("from", rawFrom);
        fields.validate();
        accessLog.record(HolderRead.AUDIT, holderId.toString(), http);
        existing(holderId);
        List<RecordedEvent> history = store.history(holderId);
        if (from == null) {
            from = history.stream().map(e -> ValidTime.effectiveDay(e.event())).filter(d -> d != null)
                    .min(LocalDate::compareTo).orElse(to);
        }
        if (to.isBefore(from)) {
            fields.refuse("to", "is " + to + ", before from " + from);
        } else if (from.plusYears(50).isBefore(to)) {
            fields.refuse("to", "the period may span at most 50 years");
        }
        fields.validate();
        HolderFacts facts = HolderFacts.knownAt(history, null);
        List<Timeline.Change> changes = Timeline.changes(history, facts, policies, from, to);
        ChainVerifier.Result chain = store.verify(holderId);
        List<String> differences = compareWithProjection(holderId, history, facts);
        return new Audit(holderId.toString(), from, to, changes,
                new AuditVerification(differences.isEmpty(), differences, chain.intact(), chain.findings()));
    }

    /** Replays the stored events through the rules' fold and compares with what the projector stored. */
    private List<String> compareWithProjection(HolderId holderId, List<RecordedEvent> history, HolderFacts replayed) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT last_sequence, facts::text AS facts FROM holder WHERE holder_id = ?", holderId.value());
        List<String> differences = new ArrayList<>();
        if (rows.isEmpty()) {
            differences.add("the projector has no record of this holder");
            return differences;
        }
        long projected = ((Number) rows.getFirst().get("last_sequence")).longValue();
        long stored = history.isEmpty() ? -1 : history.getLast().sequence();
        if (projected != stored) {
            differences.add("last event: projector applied #" + projected + ", the store holds #" + stored);
        }
        JsonNode theirs;
        try {
            // read and written again: compared in the form facts are written now, whichever form they were stored in
            theirs = StoredFacts.tree(StoredFacts.read((String) rows.getFirst().get("facts")));
        } catch (IllegalStateException e) {
            differences.add("the projector's facts cannot be read: " + e.getMessage());
            return differences;
        }
        JsonNode mine = StoredFacts.tree(replayed);
        for (Iterator<String> names = mine.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!mine.get(name).equals(theirs.get(name))) {
                differences.add("facts." + name + ": replay " + mine.get(name) + ", projector " + theirs.get(name));
            }
        }
        return differences;
    }

    private long existing(HolderId holderId) {
        long count = store.count(holderId);
        if (count == 0) {
            throw new ResourceNotFoundException("No holder " + holderId + " is recorded.");
        }
        return count;
    }
}
