package ledger.permit.command.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.web.FieldError;
import ledger.permit.web.InvalidRequestException;
import ledger.permit.web.RequestFields;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The social-insurance bureau's monthly feed, a batch of rows at a time: each row one contribution month of
 * one citizen, recorded as a {@code SocialInsuranceMonthRecorded} event on that citizen's holder stream, as
 * the single-month endpoint would. A row already on record is answered {@code ALREADY_RECORDED} and records
 * nothing, so a batch sent again (after a timeout, a crash) changes nothing; a bad row is answered
 * {@code REJECTED} with its reasons while the others go on. Holders are worked on side by side, each
 * holder's rows in their order, the rows of up to {@code ledger.feed.holders-per-transaction} holders in one
 * unit of work and one database transaction ({@link StreamAppender}).
 */
@RestController
@RequestMapping("/api/v1/insurance-feed")
class InsuranceFeedController implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InsuranceFeedController.class);
    static final int MAX_ROWS = 5_000;

    private final CommandGateway commands;
    private final CitizenRegistry registry;
    private final Clock clock;
    private final ExecutorService workers;
    private final StreamAppender appender;
    private final int holdersPerTransaction;

    InsuranceFeedController(CommandGateway commands, CitizenRegistry registry, Clock clock,
                            StreamAppender appender,
                            @Value("${ledger.feed.threads:4}") int threads,
                            @Value("${ledger.feed.holders-per-transaction:100}") int holdersPerTransaction) {
        this.commands = commands;
        this.registry = registry;
        this.clock = clock;
        this.appender = appender;
        this.holdersPerTransaction = holdersPerTransaction;
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("feed-", 0).factory());
    }

    /** One row as the bureau sends it; {@code line} is the row's line in the feed file, echoed back. */
    record Row(Long line, String citizenId, String jurisdiction, String month, String scheme, String paidOn,
               String transferredFrom) {
    }

    record Batch(List<Row> rows) {
    }

    enum Outcome { RECORDED, ALREADY_RECORDED, REJECTED }

    record Result(Long line, Outcome outcome, String holderId, List<FieldError> reasons) {
    }

    record Results(int recorded, int alreadyRecorded, int rejected, List<Result> results) {
    }

    /** A checked row, ready to record: its place in the batch, its line in the feed, whose it is, what it says. */
    private record Checked(int index, Long line, CitizenId citizen, InsuranceMonth month) {
    }

    @PostMapping("/batches")
    Results batch(@RequestBody Batch batch) {
        if (batch == null || batch.rows() == null || batch.rows().isEmpty() || batch.rows().size() > MAX_ROWS) {
            throw new InvalidRequestException(List.of(new FieldError("rows",
                    "must hold 1 to " + MAX_ROWS + " rows")));
        }
        MetaData recordedBy = HolderCommandController.caller();
        List<Row> rows = batch.rows();
        Result[] results = new Result[rows.size()];
        List<Checked> checked = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row == null) {
                results[i] = rejected(null, List.of(new FieldError("row", "is empty")));
                continue;
            }
            try {
                checked.add(check(i, row));
            } catch (InvalidRequestException e) {
                results[i] = rejected(row.line(), e.errors());
            }
        }
        Map<CitizenId, HolderId> holders = registry.holdersOf(checked.stream().map(Checked::citizen).toList());
        Map<HolderId, List<Checked>> byHolder = new LinkedHashMap<>();
        for (Checked row : checked) {
            HolderId holder = holders.get(row.citizen());
            if (holder == null) {
                results[row.index()] = rejected(row.line(), List.of(new FieldError("citizenId",
                        "no holder is recorded for this citizen ID")));
            } else {
                byHolder.computeIfAbsent(holder, h -> new ArrayList<>()).add(row);
            }
        }
        List<Map.Entry<HolderId, List<Checked>>> holderRows = new ArrayList<>(byHolder.entrySet());
        List<CompletableFuture<Void>> work = new ArrayList<>();
        for (int from = 0; from < holderRows.size(); from += holdersPerTransaction) {
            List<Map.Entry<HolderId, List<Checked>>> chunk =
                    holderRows.subList(from, Math.min(holderRows.size(), from + holdersPerTransaction));
            work.add(CompletableFuture.runAsync(() -> recordChunk(chunk, results, recordedBy), workers));
        }
        try {
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // a row that could not be handled at all (the database away): the whole batch fails and is sent again
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        List<Result> all = List.of(results);
        Map<Outcome, Long> counts = all.stream().collect(Collectors.groupingBy(Result::outcome, Collectors.counting()));
        int recorded = counts.getOrDefault(Outcome.RECORDED, 0L).intValue();
        int already = counts.getOrDefault(Outcome.ALREADY_RECORDED, 0L).intValue();
        int rejected = counts.getOrDefault(Outcome.REJECTED, 0L).intValue();
        log.info("Insurance feed batch of {} rows ({} holders): {} recorded, {} already on record, {} rejected",
                rows.size(), byHolder.size(), recorded, already, rejected);
        return new Results(recorded, already, rejected, all);
    }

    private Checked check(int index, Row row) {
        RequestFields fields = new RequestFields();
        CitizenId citizen = fields.required("citizenId", row.citizenId(), CitizenId::of);
        // a feed's empty column is a value not given
        InsuranceMonth month = InsuranceMonth.check(fields, clock, row.jurisdiction(), row.month(), row.scheme(),
                blankToNull(row.paidOn()), blankToNull(row.transferredFrom()));
        if (citizen != null && month.month() != null && month.month().isBefore(YearMonth.from(citizen.birthDate()))) {
            fields.refuse("month", "is " + month.month() + ", before the person was born");
        }
        fields.validate();
        return new Checked(index, row.line(), citizen, month);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The rows of some holders in one unit of work ({@link StreamAppender}): one read of each holder's stream,
     * one batch of appends, one commit (one fsync) for all their events. If any row is refused, or another
     * change reached one of these holders first, nothing of the chunk is kept and its rows are recorded again
     * one by one, each as its own command in its own transaction, so that a bad row costs only itself.
     */
    private void recordChunk(List<Map.Entry<HolderId, List<Checked>>> chunk, Result[] results, MetaData recordedBy) {
        List<StreamAppender.Months> months = chunk.stream().map(holder -> new StreamAppender.Months(holder.getKey(),
                holder.getValue().stream().map(row -> row.month().on(holder.getKey())).toList())).toList();
        try {
            Map<HolderId, int[]> recorded = appender.recordAll(months, recordedBy);
            for (Map.Entry<HolderId, List<Checked>> holder : chunk) {
                int[] counts = recorded.get(holder.getKey());
                for (int i = 0; i < counts.length; i++) {
                    Checked row = holder.getValue().get(i);
                    results[row.index()] = recorded(holder.getKey(), row, counts[i]);
                }
            }
            return;
        } catch (RuntimeException e) {
            log.info("A chunk of {} holders went back ({}); its rows are recorded one by one", chunk.size(),
                    e.toString());
        }
        for (Map.Entry<HolderId, List<Checked>> holder : chunk) {
            for (Checked row : holder.getValue()) {
                results[row.index()] = record(holder.getKey(), row, recordedBy);
            }
        }
    }

    /** One row, in its own transaction: a refusal by the holder is this row's answer. */
    private Result record(HolderId holder, Checked row, MetaData recordedBy) {
        try {
            int recorded = commands.sendAndWait(GenericCommandMessage.asCommandMessage(row.month().on(holder))
                    .andMetaData(recordedBy));
            return recorded(holder, row, recorded);
        } catch (HolderRefusal refusal) {
            String field = refusal instanceof HolderRefusal.InconsistentDate date ? date.field() : "holder";
            return new Result(row.line(), Outcome.REJECTED, holder.toString(),
                    List.of(new FieldError(field, refusal.getMessage())));
        }
    }

    private static Result recorded(HolderId holder, Checked row, int events) {
        return new Result(row.line(), events > 0 ? Outcome.RECORDED : Outcome.ALREADY_RECORDED, holder.toString(),
                List.of());
    }

    private static Result rejected(Long line, List<FieldError> reasons) {
        return new Result(line, Outcome.REJECTED, null, reasons);
    }

    @Override
    public void destroy() {
        workers.shutdown();
    }
}
