package ledger.permit.query.statistics;

import ledger.permit.contracts.values.InvalidValueException;
import ledger.permit.web.RequestFields;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/** Aggregates for statistics teams, protected by cell suppression ({@link Statistics}). */
@RestController
@RequestMapping("/api/v1/statistics")
class StatisticsController {

    private final Statistics statistics;
    private final Clock clock;

    StatisticsController(Statistics statistics, Clock clock) {
        this.statistics = statistics;
        this.clock = clock;
    }

    @GetMapping("/holders")
    Statistics.Table holders(@RequestParam(name = "level", required = false) String rawLevel) {
        RequestFields fields = new RequestFields();
        Tabulation.Level level = level(fields, rawLevel);
        fields.validate();
        return statistics.holdersByStatus(level);
    }

    @GetMapping("/services")
    Statistics.Table services(@RequestParam(name = "on", required = false) String rawOn,
                              @RequestParam(name = "level", required = false) String rawLevel) {
        RequestFields fields = new RequestFields();
        LocalDate on = rawOn == null ? LocalDate.now(clock) : fields.requiredDate("on", rawOn);
        Tabulation.Level level = level(fields, rawLevel);
        fields.validate();
        return statistics.servicesByStatus(on, level);
    }

    @GetMapping("/changes")
    Statistics.Table changes(@RequestParam(name = "from", required = false) String rawFrom,
                             @RequestParam(name = "to", required = false) String rawTo,
                             @RequestParam(name = "level", required = false) String rawLevel) {
        RequestFields fields = new RequestFields();
        YearMonth to = rawTo == null ? YearMonth.now(clock) : fields.required("to", rawTo, StatisticsController::month);
        YearMonth from = rawFrom == null ? (to == null ? null : to.minusMonths(11))
                : fields.required("from", rawFrom, StatisticsController::month);
        Tabulation.Level level = level(fields, rawLevel);
        if (from != null && to != null && to.isBefore(from)) {
            fields.refuse("to", "is " + to + ", before from " + from);
        } else if (from != null && to != null && from.plusYears(30).isBefore(to)) {
            fields.refuse("to", "the period may span at most 30 years");
        }
        fields.validate();
        return statistics.changesPerMonth(from, to, level);
    }

    private static Tabulation.Level level(RequestFields fields, String raw) {
        return raw == null ? Tabulation.Level.PREFECTURE : fields.requiredEnum("level", raw, Tabulation.Level.class);
    }

    private static YearMonth month(String raw) {
        try {
            return YearMonth.parse(raw.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("must be a month as YYYY-MM");
        }
    }
}
