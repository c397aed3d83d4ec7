package ledger.permit.rules;

import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.policy.Area;
import ledger.permit.rules.policy.Condition;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting a holder's insurance months: {@link InsuranceCount#of} against a plain count of the same rules, and the
 * counts one assessment shares among its services, each the count {@link InsuranceCount#of} makes.
 */
class InsuranceCountTest {

    private static final RegionCode HERE = RegionCode.of("533102");
    private static final RegionCode ELSEWHERE = RegionCode.of("530102");
    /** A few days, so that questions which differ in one way of counting only are asked on the same day. */
    private static final List<LocalDate> DAYS = List.of(LocalDate.of(2024, 3, 1), LocalDate.of(2025, 1, 15),
            LocalDate.of(2026, 1, 15), LocalDate.of(2026, 10, 1));

    @Test
    void the_count_is_the_plain_count_of_the_months_that_ended_before_the_day() {
        Random random = new Random(27112026);
        for (int holder = 0; holder < 100; holder++) {
            HolderFacts facts = facts(random);
            for (int question = 0; question < 100; question++) {
                Condition.Insurance condition = condition(random);
                RegionCode jurisdiction = random.nextBoolean() ? HERE : ELSEWHERE;
                // the first, a middle and the last day of a month, from before the first month to after the last
                LocalDate first = YearMonth.of(2023, 5).plusMonths(random.nextInt(42)).atDay(1);
                LocalDate day = switch (random.nextInt(3)) {
                    case 0 -> first;
                    case 1 -> first.withDayOfMonth(15);
                    default -> first.withDayOfMonth(first.lengthOfMonth());
                };
                assertThat(InsuranceCount.of(facts, condition, jurisdiction, Area.PREFECTURE, List.of(), 1, day))
                        .as("holder %d: %s in %s on %s", holder, condition, jurisdiction, day)
                        .isEqualTo(plainCount(facts, condition, jurisdiction, day));
            }
        }
    }

    /** Back-paid as the national policy defines it: paid after the end of the month following. */
    private static boolean backPaid(HolderFacts.InsuranceMonth m) {
        return m.paidOn() != null && m.paidOn().isAfter(m.month().plusMonths(1).atEndOfMonth());
    }

    /** The count as the rules say it, month by month in a sorted map. */
    private static InsuranceCount plainCount(HolderFacts facts, Condition.Insurance condition, RegionCode jurisdiction,
                                             LocalDate day) {
        TreeMap<YearMonth, Boolean> lateByMonth = new TreeMap<>();
        for (HolderFacts.InsuranceMonth m : facts.insurance().values()) {
            boolean counts = m.month().atEndOfMonth().isBefore(day)
                    && (condition.scheme() == null || m.scheme() == condition.scheme())
                    && (m.transferred() ? condition.countTransferred()
                    : m.jurisdiction().prefecture().equals(jurisdiction.prefecture()))
                    && (!backPaid(m) || condition.countLatePaid());
            if (counts) {
                lateByMonth.merge(m.month(), backPaid(m), Boolean::logicalAnd);
            }
        }
        List<YearMonth> all = List.copyOf(lateByMonth.keySet());
        YearMonth last = all.isEmpty() ? null : all.getLast();
        if (!condition.continuous()) {
            return new InsuranceCount(all, all.size(), last);
        }
        List<YearMonth> run = new ArrayList<>();
        int late = 0;
        for (YearMonth month : lateByMonth.descendingKeySet()) {
            if (!run.isEmpty() && !month.plusMonths(1).equals(run.getFirst())
                    || lateByMonth.get(month) && condition.maxLatePaidInRun() != null
                    && ++late > condition.maxLatePaidInRun()) {
                break;
            }
            run.addFirst(month);
        }
        return new InsuranceCount(List.copyOf(run), run.size(), last);
    }

    @Test
    void every_way_of_counting_day_and_jurisdiction_gets_its_own_count_whatever_was_asked_before() {
        Random random = new Random(20261127);
        for (int holder = 0; holder < 50; holder++) {
            HolderFacts facts = facts(random);
            InsuranceCount.Cache cache = new InsuranceCount.Cache(facts);
            List<Object[]> asked = new ArrayList<>();
            for (int question = 0; question < 200; question++) {
                Condition.Insurance condition = condition(random);
                RegionCode jurisdiction = random.nextBoolean() ? HERE : ELSEWHERE;
                LocalDate day = DAYS.get(random.nextInt(DAYS.size()));
                asked.add(new Object[]{condition, jurisdiction, day});
                assertThat(cache.of(condition, jurisdiction, Area.PREFECTURE, List.of(), 1, day))
                        .as("holder %d, question %d: %s in %s on %s", holder, question, condition, jurisdiction, day)
                        .isEqualTo(InsuranceCount.of(facts, condition, jurisdiction, Area.PREFECTURE, List.of(), 1, day));
            }
            for (Object[] again : asked) {
                Condition.Insurance condition = (Condition.Insurance) again[0];
                assertThat(cache.of(condition, (RegionCode) again[1], Area.PREFECTURE, List.of(), 1, (LocalDate) again[2]))
                        .isEqualTo(InsuranceCount.of(facts, condition, (RegionCode) again[1], Area.PREFECTURE, List.of(), 1,
                                (LocalDate) again[2]));
            }
        }
    }

    @Test
    void a_count_does_not_depend_on_the_months_a_condition_requires() {
        HolderFacts facts = facts(new Random(7));
        InsuranceCount.Cache cache = new InsuranceCount.Cache(facts);
        LocalDate day = LocalDate.of(2026, 1, 15);
        InsuranceCount six = cache.of(new Condition.Insurance(6, true, false, false, 2, null, null, null, null), HERE,
                Area.PREFECTURE, List.of(), 1, day);
        assertThat(cache.of(new Condition.Insurance(60, true, false, false, 2, null, null, null, "another"), HERE,
                Area.PREFECTURE, List.of(), 1, day))
                .isSameAs(six);
    }

    /** Months over three years: schemes, gaps, months paid late, months transferred in, two jurisdictions. */
    private static HolderFacts facts(Random random) {
        HolderId holder = new HolderId(java.util.UUID.randomUUID());
        List<HolderEvent> events = new ArrayList<>();
        for (YearMonth month = YearMonth.of(2023, 6); month.isBefore(YearMonth.of(2026, 9));
             month = month.plusMonths(1)) {
            for (InsuranceScheme scheme : InsuranceScheme.values()) {
                if (random.nextInt(4) == 0) {
                    continue;
                }
                LocalDate paidOn = random.nextInt(5) == 0 ? month.plusMonths(3).atDay(10) : null;
                RegionCode from = random.nextInt(6) == 0 ? ELSEWHERE : null;
                events.add(new SocialInsuranceMonthRecorded(holder, random.nextInt(5) == 0 ? ELSEWHERE : HERE, month,
                        scheme, paidOn, from));
            }
        }
        return HolderFacts.none().applyAll(events);
    }

    private static Condition.Insurance condition(Random random) {
        InsuranceScheme[] schemes = InsuranceScheme.values();
        return new Condition.Insurance(1 + random.nextInt(60), random.nextBoolean(), random.nextBoolean(),
                random.nextBoolean(), random.nextInt(3) == 0 ? null : random.nextInt(4),
                random.nextInt(3) == 0 ? null : schemes[random.nextInt(schemes.length)], null, null, null);
    }
}
