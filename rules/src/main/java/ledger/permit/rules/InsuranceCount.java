package ledger.permit.rules;

import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.HolderFacts.InsuranceMonth;
import ledger.permit.rules.policy.Condition;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the insurance months a condition accepts, as of a day: a month counts once it has ended.
 *
 * @param months      the months that count (the latest run, for a continuous condition)
 * @param count       how many
 * @param lastMonth   the latest counted month, or null
 */
record InsuranceCount(List<YearMonth> months, int count, YearMonth lastMonth) {

    static InsuranceCount of(HolderFacts facts, Condition.Insurance condition, RegionCode jurisdiction,
                             LocalDate day) {
        Map<YearMonth, Boolean> lateByMonth = new TreeMap<>();
        for (InsuranceMonth m : facts.insurance().values()) {
            if (!m.month().atEndOfMonth().isBefore(day)) {
                continue;
            }
            if (condition.scheme() != null && m.scheme() != condition.scheme()) {
                continue;
            }
            if (m.transferred() ? !condition.countTransferred()
                    : !m.jurisdiction().prefecture().equals(jurisdiction.prefecture())) {
                continue;
            }
            if (m.paidLate() && !condition.countLatePaid()) {
                continue;
            }
            // a month with one scheme paid on time is not a back-paid month
            lateByMonth.merge(m.month(), m.paidLate(), Boolean::logicalAnd);
        }
        List<YearMonth> all = new ArrayList<>(lateByMonth.keySet());
        if (!condition.continuous() || all.isEmpty()) {
            return new InsuranceCount(List.copyOf(all), all.size(), all.isEmpty() ? null : all.getLast());
        }
        List<YearMonth> run = new ArrayList<>();
        int late = 0;
        for (int i = all.size() - 1; i >= 0; i--) {
            YearMonth month = all.get(i);
            if (!run.isEmpty() && !month.plusMonths(1).equals(run.getFirst())) {
                break;
            }
            if (lateByMonth.get(month)) {
                late++;
                if (condition.maxLatePaidInRun() != null && late > condition.maxLatePaidInRun()) {
                    break;
                }
            }
            run.addFirst(month);
        }
        return new InsuranceCount(List.copyOf(run), run.size(), all.getLast());
    }

    /**
     * The counts of one holder's facts, each made once: the services of one assessment ask for the same count again
     * and again (a count does not depend on how many months a condition requires, and the points are counted for
     * every day their history is looked at).
     */
    static final class Cache {

        /** What a count depends on besides the facts: the condition's way of counting, the jurisdiction, the day. */
        private record Key(boolean continuous, boolean countLatePaid, boolean countTransferred,
                           Integer maxLatePaidInRun, InsuranceScheme scheme, RegionCode jurisdiction, LocalDate day) {
        }

        private final HolderFacts facts;
        private final Map<Key, InsuranceCount> counts = new HashMap<>();

        Cache(HolderFacts facts) {
            this.facts = facts;
        }

        /** {@link InsuranceCount#of} these facts. */
        InsuranceCount of(Condition.Insurance condition, RegionCode jurisdiction, LocalDate day) {
            Key key = new Key(condition.continuous(), condition.countLatePaid(), condition.countTransferred(),
                    condition.maxLatePaidInRun(), condition.scheme(), jurisdiction, day);
            InsuranceCount count = counts.get(key);
            if (count == null) {
                count = InsuranceCount.of(facts, condition, jurisdiction, day);
                counts.put(key, count);
            }
            return count;
        }
    }

    /** The day the count reached {@code required}: the first day after the month that made it. */
    LocalDate reachedOn(int required) {
        if (required <= 0) {
            return LocalDate.MIN;
        }
        return count >= required ? months.get(required - 1).plusMonths(1).atDay(1) : null;
    }

    /**
     * If contributions go on month by month, the day {@code required} is reached; null when they have
     * stopped (no month counted in the two months before the day).
     */
    LocalDate expectedOn(int required, LocalDate day) {
        if (count >= required) {
            return reachedOn(required);
        }
        if (lastMonth == null || lastMonth.isBefore(YearMonth.from(day).minusMonths(2))) {
            return null;
        }
        return lastMonth.plusMonths(required - count + 1L).atDay(1);
    }
}
