package ledger.permit.command.holder;

import ledger.permit.command.axon.HolderCommandTargetResolver;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.EndorsePermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderCommand.RecordChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderCommand.RecordHukou;
import ledger.permit.contracts.holder.HolderCommand.RecordSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderCommand.RetractSocialInsuranceMonth;
import ledger.permit.contracts.holder.HolderEvent.ChildSchoolingCompleted;
import ledger.permit.contracts.holder.HolderEvent.HukouRecorded;
import ledger.permit.contracts.holder.HolderEvent.PermitApplicationRefused;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitEndorsed;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.holder.HolderEvent.PermitRejected;
import ledger.permit.contracts.holder.HolderEvent.SocialInsuranceMonthRecorded;
import ledger.permit.contracts.holder.UnmetCondition;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.InsuranceScheme;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import ledger.permit.contracts.values.SchoolLevel;
import ledger.permit.rules.policy.PolicyCatalog;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

class HolderTest {

    private static final PolicyCatalog POLICIES = PolicyCatalog.bundled(Map.of());
    private static final HolderId HOLDER = new HolderId(UUID.fromString("6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11"));
    private static final CitizenId CITIZEN = CitizenId.of("11010519491231002X");
    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final RegionCode QILIN = RegionCode.of("530302");
    private static final LocalDate APPLIED = LocalDate.of(2026, 3, 1);
    private static final PermitApplied APPLIED_EVENT = new PermitApplied(HOLDER, CITIZEN, RUILI,
            LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT, APPLIED);
    private static final PermitIssued ISSUED_EVENT = new PermitIssued(HOLDER, LocalDate.of(2026, 3, 15));

    private final Map<CitizenId, HolderId> registry = new HashMap<>();
    private AggregateTestFixture<Holder> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Holder.class);
        fixture.registerCommandTargetResolver(new HolderCommandTargetResolver());
        fixture.registerInjectableResource(POLICIES);
        fixture.registerInjectableResource(new CitizenRegistry() {
            @Override
            public HolderId bind(CitizenId citizen, HolderId holder) {
                return registry.computeIfAbsent(citizen, c -> holder);
            }

            @Override
            public Optional<HolderId> holderOf(CitizenId citizen) {
                return Optional.ofNullable(registry.get(citizen));
            }
        });
    }

    @Test
    void an_application_after_half_a_year_in_ruili_opens_the_holder_stream() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(APPLIED_EVENT);
    }

    @Test
    void an_application_after_twenty_days_in_qujing_is_refused_and_the_refusal_recorded() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, QILIN, LocalDate.of(2025, 9, 1), PermitBasis.RESIDENCE,
                        LocalDate.of(2025, 9, 20)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new PermitApplicationRefused(HOLDER, CITIZEN, QILIN, LocalDate.of(2025, 9, 1),
                        PermitBasis.RESIDENCE, LocalDate.of(2025, 9, 20), "yn-qujing",
                        List.of(new UnmetCondition("residenceBeforeApplication",
                                "residence of at least P30D before applying (from 2025-09-01: not before 2025-10-01)",
                                "resident since 2025-09-01, applied on 2025-09-20", "曲政发〔2015〕82号", "十二"))));
    }

    @Test
    void after_a_rejection_the_same_citizen_may_apply_again_on_the_same_stream() {
        registry.put(CITIZEN, HOLDER);
        ApplyPermit again = new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                LocalDate.of(2026, 4, 1));
        fixture.given(APPLIED_EVENT, new PermitRejected(HOLDER, LocalDate.of(2026, 3, 10), "材料不全"))
                .when(again)
                .expectEvents(new PermitApplied(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1),
                        PermitBasis.EMPLOYMENT, LocalDate.of(2026, 4, 1)));
    }

    @Test
    void a_citizen_bound_to_another_holder_cannot_open_a_second_stream() {
        registry.put(CITIZEN, new HolderId(UUID.randomUUID()));
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED))
                .expectNoEvents()
                .expectException(HolderRefusal.CitizenAlreadyHolding.class);
    }

    @Test
    void a_citizen_with_an_open_application_cannot_apply_again() {
        registry.put(CITIZEN, HOLDER);
        fixture.given(APPLIED_EVENT)
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED.plusDays(2)))
                .expectNoEvents()
                .expectException(HolderRefusal.CitizenAlreadyHolding.class);
    }

    @Test
    void residence_cannot_start_after_the_application() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, APPLIED.plusDays(1), PermitBasis.RESIDENCE, APPLIED))
                .expectNoEvents()
                .expectException(HolderRefusal.InconsistentDate.class);
    }

    @Test
    void an_applied_permit_is_issued_once_and_not_before_the_application() {
        fixture.given(APPLIED_EVENT).when(new IssuePermit(HOLDER, LocalDate.of(2026, 3, 15)))
                .expectEvents(ISSUED_EVENT);
        fixture.given(APPLIED_EVENT, ISSUED_EVENT).when(new IssuePermit(HOLDER, LocalDate.of(2026, 3, 16)))
                .expectNoEvents().expectException(HolderRefusal.WrongPermitStage.class);
        fixture.given(APPLIED_EVENT).when(new IssuePermit(HOLDER, APPLIED.minusDays(1)))
                .expectNoEvents().expectException(HolderRefusal.InconsistentDate.class);
    }

    @Test
    void an_endorsement_is_taken_in_the_month_before_the_anniversary_and_refused_before_it() {
        fixture.given(APPLIED_EVENT, ISSUED_EVENT).when(new EndorsePermit(HOLDER, LocalDate.of(2027, 3, 1)))
                .expectEvents(new PermitEndorsed(HOLDER, LocalDate.of(2027, 3, 1)));
        fixture.given(APPLIED_EVENT, ISSUED_EVENT).when(new EndorsePermit(HOLDER, LocalDate.of(2027, 1, 10)))
                .expectNoEvents().expectException(HolderRefusal.InconsistentDate.class);
    }

    @Test
    void a_late_endorsement_is_taken_it_restores_the_permit() {
        fixture.given(APPLIED_EVENT, ISSUED_EVENT).when(new EndorsePermit(HOLDER, LocalDate.of(2027, 5, 20)))
                .expectEvents(new PermitEndorsed(HOLDER, LocalDate.of(2027, 5, 20)));
    }

    @Test
    void the_same_insurance_month_and_scheme_twice_is_recorded_once() {
        SocialInsuranceMonthRecorded march = new SocialInsuranceMonthRecorded(HOLDER, RUILI, YearMonth.of(2026, 3),
                InsuranceScheme.PENSION, null, null);
        fixture.given(APPLIED_EVENT, march)
                .when(new RecordSocialInsuranceMonth(HOLDER, RUILI, YearMonth.of(2026, 3), InsuranceScheme.PENSION,
                        null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void only_a_recorded_month_can_be_retracted() {
        fixture.given(APPLIED_EVENT)
                .when(new RetractSocialInsuranceMonth(HOLDER, YearMonth.of(2026, 3), InsuranceScheme.PENSION, "错误"))
                .expectNoEvents()
                .expectException(HolderRefusal.NothingToCorrect.class);
    }

    @Test
    void an_endorsement_for_an_anniversary_before_decree_663_is_a_fact_kept_not_refused() {
        PermitApplied applied2014 = new PermitApplied(HOLDER, CITIZEN, RUILI, LocalDate.of(2014, 3, 1),
                PermitBasis.EMPLOYMENT, LocalDate.of(2014, 9, 1));
        PermitIssued issued2014 = new PermitIssued(HOLDER, LocalDate.of(2014, 9, 20));
        // the 2015 anniversary: no document set the duty yet; ten months early, as no window binds it
        fixture.given(applied2014, issued2014).when(new EndorsePermit(HOLDER, LocalDate.of(2014, 11, 10)))
                .expectEvents(new PermitEndorsed(HOLDER, LocalDate.of(2014, 11, 10)));
        // the 2016 anniversary is Decree 663's: before its window is refused, if done once the duty existed
        fixture.given(applied2014, issued2014, new PermitEndorsed(HOLDER, LocalDate.of(2015, 9, 10)))
                .when(new EndorsePermit(HOLDER, LocalDate.of(2016, 6, 1)))
                .expectNoEvents().expectException(HolderRefusal.InconsistentDate.class);
        // one done in 2015 for it is kept: no duty bound anyone on its day
        fixture.given(applied2014, issued2014, new PermitEndorsed(HOLDER, LocalDate.of(2015, 9, 10)))
                .when(new EndorsePermit(HOLDER, LocalDate.of(2015, 12, 20)))
                .expectEvents(new PermitEndorsed(HOLDER, LocalDate.of(2015, 12, 20)));
    }

    @Test
    void an_application_attesting_the_hukou_records_it_and_one_in_the_hukou_city_itself_is_refused_for_it() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED, RegionCode.of("533103")))
                .expectEvents(APPLIED_EVENT, new HukouRecorded(HOLDER, RegionCode.of("533103"), APPLIED));
        registry.clear();
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED, RUILI))
                .expectEvents(new PermitApplicationRefused(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1),
                        PermitBasis.EMPLOYMENT, APPLIED, "yn-dehong", List.of(new UnmetCondition("awayFromHukou",
                        "hukou outside the county of 瑞丽市 533102", "hukou registered in 瑞丽市 533102",
                        "德政办发〔2016〕142号", "十二"))), new HukouRecorded(HOLDER, RUILI, APPLIED));
    }

    @Test
    void a_hukou_or_a_completion_already_on_record_records_nothing() {
        HukouRecorded hukou = new HukouRecorded(HOLDER, RegionCode.of("430302"), LocalDate.of(2019, 5, 6));
        fixture.given(APPLIED_EVENT, hukou).when(new RecordHukou(HOLDER, RegionCode.of("430302"),
                LocalDate.of(2019, 5, 6))).expectSuccessfulHandlerExecution().expectNoEvents();
        CitizenId child = CitizenId.withCheckCharacter("51010420090505122");
        ChildSchoolingCompleted done = new ChildSchoolingCompleted(HOLDER, child, RUILI, SchoolLevel.JUNIOR_SECONDARY,
                LocalDate.of(2026, 7, 10));
        fixture.given(APPLIED_EVENT).when(new RecordChildSchoolingCompleted(HOLDER, child, RUILI,
                SchoolLevel.JUNIOR_SECONDARY, LocalDate.of(2026, 7, 10))).expectEvents(done);
        fixture.given(APPLIED_EVENT, done).when(new RecordChildSchoolingCompleted(HOLDER, child, RUILI,
                SchoolLevel.JUNIOR_SECONDARY, LocalDate.of(2026, 7, 10))).expectNoEvents();
    }
}
