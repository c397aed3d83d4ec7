package ledger.permit.rules;

import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.HolderFacts.InsuranceMonth;
import ledger.permit.rules.policy.Area;
import ledger.permit.rules.policy.Condition;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the insurance months a condition accepts, as of a day: a month counts once it has ended.
 *
 * @param months      the months that count (the latest run, for a continuous condition)
 * @param count       how many
 * @param lastMonth   the latest counted month, or null
 */
record InsuranceCount(List<YearMonth> months, int count, YearMonth lastMonth) {

    /**
     * @param area            where a month not transferred in must have been paid
     * @param backPaidAfter   a month paid after the end of this many months following it is back-paid
     */
    static InsuranceCount of(HolderFacts facts, Condition.Insurance condition, RegionCode jurisdiction, Area area,
                             List<String> centralCity, int backPaidAfter, LocalDate day) {
        // each month that counts as a number (months since the year 0) twice over, plus 1 if back-paid: sorted, they
        // come in month order, a month's scheme paid on time (if any) first
        long before = index(YearMonth.from(day)); // a month counts once it has ended
        long[] keys = new long[facts.insurance().size()];
        int n = 0;
        for (InsuranceMonth m : facts.insurance().values()) {
            long month = index(m.month());
            if (month >= before) {
                continue;
            }
            if (condition.scheme() != null && m.scheme() != condition.scheme()) {
                continue;
            }
            if (m.transferred() ? !condition.countTransferred()
                    : !Areas.contains(area, jurisdiction, m.jurisdiction(), centralCity)) {
                continue;
            }
            boolean late = m.paidOn() != null && m.paidOn().isAfter(m.month().plusMonths(backPaidAfter).atEndOfMonth());
            if (late && !condition.countLatePaid()) {
                continue;
            }
            keys[n++] = month * 2 + (late ? 1 : 0);
        }
        Arrays.sort(keys, 0, n);
        // the months, each once; a month with one scheme paid on time is not a back-paid month
        long[] months = new long[n];
        boolean[] backPaid = new boolean[n];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            long month = Math.floorDiv(keys[i], 2);
            if (distinct == 0 || months[distinct - 1] != month) {
                months[distinct] = month;
                backPaid[distinct] = Math.floorMod(keys[i], 2) == 1;
                distinct++;
            }
        }
        YearMonth last = distinct == 0 ? null : month(months[distinct - 1]);
        if (!condition.continuous() || distinct == 0) {
            return new InsuranceCount(months(months, 0, distinct), distinct, last);
        }
        // the latest run of consecutive months, with at most maxLatePaidInRun of them back-paid
        int from = distinct;
        int late = 0;
        for (int i = distinct - 1; i >= 0; i--) {
            if (from < distinct && months[i] != months[from] - 1) {
                break;
            }
            if (backPaid[i]) {
                late++;
                if (condition.maxLatePaidInRun() != null && late > condition.maxLatePaidInRun()) {
                    break;
                }
            }
            from = i;
        }
        return new InsuranceCount(months(months, from, distinct), distinct - from, last);
    }

    private static long index(YearMonth month) {
        return month.getYear() * 12L + month.getMonthValue() - 1;
    }

    private static YearMonth month(long index) {
        return YearMonth.of(Math.toIntExact(Math.floorDiv(index, 12)), (int) Math.floorMod(index, 12) + 1);
    }

    private static List<YearMonth> months(long[] indexes, int from, int to) {
        YearMonth[] months = new YearMonth[to - from];
        for (int i = from; i < to; i++) {
            months[i - from] = month(indexes[i]);
        }
        return List.of(months);
    }

    /**
     * The counts of one holder's facts, each made once: the services of one assessment ask for the same count again
     * and again (a count does not depend on how many months a condition requires, and the points are counted for
     * every day their history is looked at).
     */
    static final class Cache {

        /** What a count depends on besides the facts: the condition's way of counting, the jurisdiction, the day. */
        private record Key(boolean continuous, boolean countLatePaid, boolean countTransferred,
                           Integer maxLatePaidInRun, InsuranceScheme scheme, RegionCode jurisdiction, Area area,
                           List<String> centralCity, int backPaidAfter, LocalDate day) {
        }

        private final HolderFacts facts;
        private final Map<Key, InsuranceCount> counts = new HashMap<>();

        Cache(HolderFacts facts) {
            this.facts = facts;
        }

        /** {@link InsuranceCount#of} these facts. */
        InsuranceCount of(Condition.Insurance condition, RegionCode jurisdiction, Area area, List<String> centralCity,
                          int backPaidAfter, LocalDate day) {
            Key key = new Key(condition.continuous(), condition.countLatePaid(), condition.countTransferred(),
                    condition.maxLatePaidInRun(), condition.scheme(), jurisdiction, area, centralCity, backPaidAfter,
                    day);
            InsuranceCount count = counts.get(key);
            if (count == null) {
                count = InsuranceCount.of(facts, condition, jurisdiction, area, centralCity, backPaidAfter, day);
                counts.put(key, count);
            }
            return count;
        }
    }

    /** Whether contributions count as stopped on {@code day}: no month counted in the months before it. */
    boolean stopped(LocalDate day, int stoppedAfter) {
        return lastMonth == null || lastMonth.isBefore(YearMonth.from(day).minusMonths(stoppedAfter));
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
     * stopped (no month counted in the {@code stoppedAfter} months before the day).
     */
    LocalDate expectedOn(int required, LocalDate day, int stoppedAfter) {
        if (count >= required) {
            return reachedOn(required);
        }
        if (stopped(day, stoppedAfter)) {
            return null;
        }
        return lastMonth.plusMonths(required - count + 1L).atDay(1);
    }
}
