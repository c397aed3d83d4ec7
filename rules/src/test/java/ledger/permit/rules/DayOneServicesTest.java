package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.holder.HolderEvent.PermitApplied;
import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.values.PermitBasis;
import ledger.permit.contracts.values.RegionCode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DayOneServicesTest {

    private static final HolderId HOLDER = new HolderId(UUID.randomUUID());
    private static final LocalDate ISSUED = LocalDate.of(2026, 3, 15);

    private final HolderFacts applied = HolderFacts.none().apply(new PermitApplied(HOLDER,
            CitizenId.of("11010519491231002X"), RegionCode.of("533102"), LocalDate.of(2025, 6, 1),
            PermitBasis.EMPLOYMENT, LocalDate.of(2026, 3, 1)));

    @Test
    void an_application_alone_opens_no_service() {
        assertThat(EntitlementRules.timeline(applied)).isEmpty();
        assertThat(EntitlementRules.standingOn(List.of(), ISSUED))
                .allMatch(s -> s.status() == EntitlementStatus.NOT_YET && s.since() == null)
                .hasSize(ServiceCode.values().length);
    }

    @Test
    void issuance_opens_the_six_day_one_services_from_the_issue_date() {
        HolderFacts issued = applied.apply(new PermitIssued(HOLDER, ISSUED));
        List<ServiceStanding> onIssueDay = EntitlementRules.standingOn(EntitlementRules.timeline(issued), ISSUED);

        assertThat(onIssueDay).filteredOn(s -> s.status() == EntitlementStatus.ENTITLED)
                .extracting(ServiceStanding::code)
                .containsExactly(ServiceCode.LABOUR_EMPLOYMENT, ServiceCode.BASIC_PUBLIC_EDUCATION,
                        ServiceCode.BASIC_MEDICAL_HEALTH, ServiceCode.FAMILY_PLANNING, ServiceCode.PUBLIC_CULTURE,
                        ServiceCode.LICENCE_PROCESSING);
        assertThat(onIssueDay).filteredOn(s -> s.status() == EntitlementStatus.ENTITLED)
                .allMatch(s -> s.since().equals(ISSUED));
        assertThat(onIssueDay).filteredOn(s -> s.code().tier() == ServiceCode.Tier.GRADUAL)
                .allMatch(s -> s.status() == EntitlementStatus.NOT_YET);
    }

    @Test
    void the_day_before_issuance_nothing_is_entitled() {
        HolderFacts issued = applied.apply(new PermitIssued(HOLDER, ISSUED));
        assertThat(EntitlementRules.standingOn(EntitlementRules.timeline(issued), ISSUED.minusDays(1)))
                .allMatch(s -> s.status() == EntitlementStatus.NOT_YET);
    }

    @Test
    void the_facts_remember_where_the_permit_stands() {
        assertThat(HolderFacts.none().permitStatus()).isEqualTo(HolderFacts.PermitStatus.NONE);
        assertThat(applied.permitStatus()).isEqualTo(HolderFacts.PermitStatus.APPLIED);
        assertThat(applied.apply(new PermitIssued(HOLDER, ISSUED)).permitStatus())
                .isEqualTo(HolderFacts.PermitStatus.ISSUED);
    }
}
