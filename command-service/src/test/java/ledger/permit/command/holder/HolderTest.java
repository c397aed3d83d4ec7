package ledger.permit.command.holder;

import ledger.permit.command.axon.HolderCommandTargetResolver;
import ledger.permit.contracts.holder.HolderCommand.ApplyPermit;
import ledger.permit.contracts.holder.HolderCommand.IssuePermit;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

class HolderTest {

    private static final HolderId HOLDER = new HolderId(UUID.fromString("6f1c2a8e-4b7d-4e0a-9c55-0d2b7f3e9a11"));
    private static final CitizenId CITIZEN = CitizenId.of("11010519491231002X");
    private static final RegionCode RUILI = RegionCode.of("533102");
    private static final LocalDate APPLIED = LocalDate.of(2026, 3, 1);
    private static final PermitApplied APPLIED_EVENT = new PermitApplied(HOLDER, CITIZEN, RUILI,
            LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT, APPLIED);

    private final Map<CitizenId, HolderId> registry = new HashMap<>();
    private AggregateTestFixture<Holder> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Holder.class);
        fixture.registerCommandTargetResolver(new HolderCommandTargetResolver());
        fixture.registerInjectableResource((CitizenRegistry) (citizen, holder) ->
                Optional.ofNullable(registry.putIfAbsent(citizen, holder)));
    }

    @Test
    void an_application_opens_the_holder_stream() {
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED))
                .expectSuccessfulHandlerExecution()
                .expectEvents(APPLIED_EVENT);
    }

    @Test
    void a_citizen_who_already_holds_cannot_open_a_second_stream() {
        HolderId earlier = new HolderId(UUID.randomUUID());
        registry.put(CITIZEN, earlier);
        fixture.givenNoPriorActivity()
                .when(new ApplyPermit(HOLDER, CITIZEN, RUILI, LocalDate.of(2025, 6, 1), PermitBasis.EMPLOYMENT,
                        APPLIED))
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
    void an_applied_permit_is_issued() {
        fixture.given(APPLIED_EVENT)
                .when(new IssuePermit(HOLDER, LocalDate.of(2026, 3, 15)))
                .expectEvents(new PermitIssued(HOLDER, LocalDate.of(2026, 3, 15)));
    }

    @Test
    void a_permit_is_not_issued_twice() {
        fixture.given(APPLIED_EVENT, new PermitIssued(HOLDER, LocalDate.of(2026, 3, 15)))
                .when(new IssuePermit(HOLDER, LocalDate.of(2026, 3, 16)))
                .expectNoEvents()
                .expectException(HolderRefusal.WrongPermitStage.class);
    }

    @Test
    void a_permit_is_not_issued_before_it_was_applied_for() {
        fixture.given(APPLIED_EVENT)
                .when(new IssuePermit(HOLDER, APPLIED.minusDays(1)))
                .expectNoEvents()
                .expectException(HolderRefusal.InconsistentDate.class);
    }
}
