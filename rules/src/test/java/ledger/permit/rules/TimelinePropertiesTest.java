package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.holder.HolderEvent;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolYearRecorded;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.ContinuousResidenceRecorded;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
import ledger.permit.contracts.holder.HolderEvent.HukouSettled;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitCancelled;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.PermitRejected;
import ledger.permit.contracts.holder.HolderEvent.QualificationRecorded;
import ledger.permit.contracts.holder.HolderEvent.ResidenceMoved;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.QualificationKind;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.PermitRecord;
import ledger.permit.rules.facts.RecordedEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one timeline, three ways: on generated histories in every kind of place the policies name, the audit
 * timeline ({@link Timeline#changes}), the public change stream judged only on the days the rules give
 * ({@link Assessment#nextChange}, as the projector's time path does) and a judgment of every single day tell the same
 * changes on the same days, and each status's {@code since} is the day it began.
 */
class TimelinePropertiesTest {

    private static final HolderId HOLDER = new HolderId(UUID.fromString("6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11"));
    /**
     * 瑞丽 and 芒市 (德宏), 麒麟区 (曲靖), 临翔区 and 凤庆县 (临沧), 五华区, 安宁市 and 东川区 (seed 003 in 昆明), 芙蓉区 (长沙), 荷塘区
     * (株洲), 浏阳市, 韶山市, 岳阳楼区, 邵东县 (a code the region table lacks), 朝阳区 (北京, the nation's rules alone).
     */
    private static final List<String> PLACES = List.of("533102", "533103", "530302", "530902", "530921", "530102",
            "530181", "530113", "430102", "430202", "430181", "430382", "430602", "430521", "110105");
    private static final List<String> HUKOU = List.of("430302", "430121", "530102", "510104", "533102");
    private static final int MAX_DAYS_BETWEEN_CHECKS = 31;

    /** A change of one service's status on a day. */
    private record Step(LocalDate on, String service, EntitlementStatus to) {
    }

    @Property(tries = 60)
    void the_audit_timeline_the_change_stream_and_each_day_judged_agree(@ForAll @LongRange(min = 1) long seed) {
        Random random = new Random(seed);
        List<RecordedEvent> history = history(random);
        HolderFacts facts = HolderFacts.knownAt(history, null);
        LocalDate from = facts.permits().getFirst().appliedOn().minusDays(3);
        LocalDate to = from.plusYears(4);

        // every day judged on its own
        List<Step> daily = new ArrayList<>();
        Map<String, ServiceAssessment> previous = new HashMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            Assessment assessment = EntitlementRules.assess(facts, PolicyScenariosTest.CATALOG, day);
            for (ServiceAssessment service : assessment.services()) {
                ServiceAssessment before = previous.put(service.key(), service);
                boolean holds = service.status() == EntitlementStatus.ENTITLED
                        || service.status() == EntitlementStatus.SUSPENDED;
                if (before == null || before.status() != service.status()) {
                    daily.add(new Step(day, service.key(), service.status()));
                    if (holds && before != null) {
                        assertThat(service.since()).as("seed %d: %s began on %s", seed, service.key(), day)
                                .isEqualTo(day);
                    }
                } else if (holds) {
                    assertThat(service.since()).as("seed %d: %s held on %s since", seed, service.key(), day)
                            .isEqualTo(before.since());
                }
            }
        }

        List<Step> audit = Timeline.changes(history, facts, PolicyScenariosTest.CATALOG, from, to).stream()
                .map(c -> new Step(c.on(), c.child() == null ? c.code().name() : c.code() + "/" + c.child(), c.to()))
                .toList();
        assertThat(audit).as("seed %d: the audit timeline", seed).isEqualTo(daily);

        // the change stream, judged on the first day and then on each next check the rules give
        List<Step> published = new ArrayList<>();
        Map<String, ChangeStream.Published> statuses = new TreeMap<>();
        LocalDate day = from;
        LocalDate judged = null;
        while (!day.isAfter(to)) {
            Assessment assessment = EntitlementRules.assess(facts, PolicyScenariosTest.CATALOG, day);
            PermitRecord permit = facts.permitOn(day);
            ChangeStream.Step step = ChangeStream.step(statuses, assessment,
                    permit == null ? null : permit.jurisdiction().value(), day, judged);
            if (day.isAfter(from)) {
                for (ChangeStream.Change change : step.changes()) {
                    assertThat(change.effective()).as("seed %d: %s %s judged on %s", seed, change.code(),
                            change.kind(), day).isEqualTo(day);
                    published.add(new Step(change.effective(), change.child() == null ? change.code().name()
                            : change.code() + "/" + change.child(), EntitlementStatus.valueOf(change.status())));
                }
            }
            statuses = step.published();
            judged = day;
            LocalDate latest = day.plusDays(MAX_DAYS_BETWEEN_CHECKS);
            LocalDate next = assessment.nextChange();
            day = next != null && next.isBefore(latest) ? next : latest;
        }
        Map<String, EntitlementStatus> before = new HashMap<>();
        List<Step> publishable = new ArrayList<>();
        for (Step step : daily) {
            EntitlementStatus was = before.put(step.service(), step.to());
            if (step.on().isAfter(from) && (holds(was) || holds(step.to()))) {
                publishable.add(step);
            }
        }
        assertThat(published).as("seed %d: the change stream", seed).isEqualTo(publishable);
    }

    private static boolean holds(EntitlementStatus status) {
        return status == EntitlementStatus.ENTITLED || status == EntitlementStatus.SUSPENDED;
    }

    /** A life in one place: an application, perhaps the permit and its endorsements, insurance, qualifications, a
     * child's schooling, a recorded hukou, and perhaps its end. */
    private static List<RecordedEvent> history(Random random) {
        List<HolderEvent> events = new ArrayList<>();
        RegionCode here = RegionCode.of(PLACES.get(random.nextInt(PLACES.size())));
        RegionCode elsewhere = RegionCode.of(random.nextBoolean() ? "530302" : "430102");
        LocalDate appliedOn = LocalDate.of(2014, 9, 1).plusDays(random.nextInt(9 * 365));
        LocalDate residentSince = switch (random.nextInt(6)) {
            // runs that start where a month is longer than the next: 29 February, the 31st
            case 0 -> {
                LocalDate february = LocalDate.of(appliedOn.getYear() - 1 - random.nextInt(3), 2, 1);
                yield february.withDayOfMonth(february.lengthOfMonth());
            }
            case 1 -> appliedOn.minusMonths(7 + random.nextInt(20)).withDayOfMonth(1).minusDays(1);
            default -> appliedOn.minusDays(random.nextInt(900));
        };
        CitizenId citizen = CitizenId.withCheckCharacter("51010419850612" + String.format("%03d",
                random.nextInt(1000)));
        events.add(new PermitApplied(HOLDER, citizen, here, residentSince, PermitBasis.EMPLOYMENT, appliedOn));
        LocalDate last = appliedOn;
        if (random.nextInt(10) == 0) {
            events.add(new PermitRejected(HOLDER, appliedOn.plusDays(20), "材料不全"));
        } else {
            LocalDate issuedOn = appliedOn.plusDays(random.nextInt(60));
            events.add(new PermitIssued(HOLDER, issuedOn));
            LocalDate endorsed = issuedOn;
            for (int year = 1; year <= 6; year++) {
                int choice = random.nextInt(10);
                LocalDate date = choice < 6 ? issuedOn.plusYears(year).minusDays(random.nextInt(28))
                        : choice < 8 ? issuedOn.plusYears(year).plusDays(1 + random.nextInt(120)) : null;
                if (date != null && date.isAfter(endorsed)) {
                    events.add(new PermitEndorsed(HOLDER, date));
                    endorsed = date;
                }
            }
            last = issuedOn;
        }
        if (random.nextBoolean()) {
            events.add(new ContinuousResidenceRecorded(HOLDER, here, residentSince.minusDays(400),
                    residentSince.minusDays(random.nextInt(3))));
        }
        YearMonth month = YearMonth.from(appliedOn).minusMonths(random.nextInt(24));
        for (int run = 0; run < 1 + random.nextInt(4); run++) {
            InsuranceScheme scheme = InsuranceScheme.values()[random.nextInt(InsuranceScheme.values().length)];
            int length = 1 + random.nextInt(40);
            for (int i = 0; i < length; i++) {
                LocalDate paidOn = random.nextInt(8) == 0 ? month.plusMonths(4).atDay(3) : null;
                RegionCode where = random.nextInt(10) == 0 ? elsewhere : here;
                RegionCode transferred = random.nextInt(12) == 0 ? elsewhere : null;
                events.add(new SocialInsuranceMonthRecorded(HOLDER, where, month, scheme, paidOn, transferred));
                month = month.plusMonths(1);
            }
            month = month.plusMonths(random.nextInt(8));
        }
        for (QualificationKind kind : QualificationKind.values()) {
            if (random.nextInt(3) == 0) {
                events.add(new QualificationRecorded(HOLDER, kind, random.nextInt(5) == 0 ? elsewhere : here,
                        appliedOn.plusDays(random.nextInt(1200) - 400), null));
            }
        }
        if (random.nextBoolean()) {
            CitizenId child = CitizenId.withCheckCharacter("51010420090505" + String.format("%03d",
                    random.nextInt(1000)));
            LocalDate start = LocalDate.of(appliedOn.getYear() + random.nextInt(3), 9, 1);
            int grades = 1 + random.nextInt(6);
            for (int g = 0; g < grades; g++) {
                int grade = 7 + g;
                if (random.nextInt(8) == 0) {
                    start = start.plusYears(1);
                }
                LocalDate end = random.nextInt(8) == 0 ? start.plusMonths(5) : start.plusMonths(10).plusDays(14);
                events.add(new ChildSchoolYearRecorded(HOLDER, child, here,
                        grade <= 9 ? SchoolLevel.JUNIOR_SECONDARY : SchoolLevel.SENIOR_SECONDARY, grade, start, end));
                if (grade == 9 && random.nextInt(3) > 0) {
                    events.add(new ChildSchoolingCompleted(HOLDER, child, here, SchoolLevel.JUNIOR_SECONDARY,
                            end.minusDays(5)));
                }
                start = start.plusYears(1);
            }
        }
        if (random.nextInt(3) == 0) {
            events.add(new HukouRecorded(HOLDER, RegionCode.of(HUKOU.get(random.nextInt(HUKOU.size()))),
                    appliedOn.plusDays(random.nextInt(500) - 200)));
        }
        boolean rejected = events.stream().anyMatch(e -> e instanceof PermitRejected);
        if (!rejected && random.nextInt(4) == 0) {
            LocalDate end = last.plusDays(200 + random.nextInt(900));
            int how = random.nextInt(3);
            events.add(switch (how) {
                case 0 -> new ResidenceMoved(HOLDER, here, elsewhere, end);
                case 1 -> new HukouSettled(HOLDER, here, end);
                default -> new PermitCancelled(HOLDER, end, "本人申请注销");
            });
            if (how != 1 && random.nextBoolean()) {
                // a new application: in the city moved to, or where the cancelled permit was
                RegionCode where = how == 0 ? elsewhere : here;
                LocalDate again = end.plusDays(20 + random.nextInt(200));
                events.add(new PermitApplied(HOLDER, citizen, where, end.minusDays(random.nextInt(300)),
                        PermitBasis.RESIDENCE, again));
                events.add(new PermitIssued(HOLDER, again.plusDays(random.nextInt(30))));
            }
        } else if (rejected && random.nextBoolean()) {
            LocalDate again = appliedOn.plusDays(40 + random.nextInt(200));
            events.add(new PermitApplied(HOLDER, citizen, here, residentSince, PermitBasis.RESIDENCE, again));
            events.add(new PermitIssued(HOLDER, again.plusDays(random.nextInt(30))));
        }
        List<RecordedEvent> history = new ArrayList<>();
        for (HolderEvent event : events) {
            history.add(new RecordedEvent(history.size(), Instant.EPOCH.plusSeconds(history.size()), event));
        }
        return history;
    }
}
