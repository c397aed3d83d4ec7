package ledger.permit.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.rules.facts.RecordedEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimelineTest {

    @Test
    void the_timeline_shows_issuance_the_lapse_the_late_endorsement_and_the_threshold_met_anew() throws IOException {
        JsonNode facts = new ObjectMapper(new YAMLFactory()).readTree(Scenarios.withCitizenIds("""
                - {type: PermitApplied, citizenId: "{{ID:52010219850612234}}", jurisdiction: "533103", residentSince: 2019-03-01, basis: RESIDENCE, appliedOn: 2020-03-02}
                - {type: PermitIssued, issuedOn: 2020-03-16}
                - {type: PermitEndorsed, endorsedOn: 2021-03-01}
                - {type: PermitEndorsed, endorsedOn: 2022-05-10}
                - {type: PermitEndorsed, endorsedOn: 2023-05-01}
                """));
        List<RecordedEvent> history = Scenarios.history(facts);
        List<Timeline.Change> changes = Timeline.changes(history, HolderFacts.knownAt(history, null),
                PolicyScenariosTest.CATALOG, LocalDate.of(2020, 1, 1), LocalDate.of(2023, 12, 31));

        assertThat(changes).filteredOn(c -> c.code() == ServiceCode.LABOUR_EMPLOYMENT)
                .extracting(c -> c.on() + " " + c.to() + " " + c.cause() + " " + c.sequence())
                .containsExactly("2020-01-01 NOT_YET periodStart null", "2020-03-16 ENTITLED event 1",
                        "2022-03-16 SUSPENDED anniversary null", "2022-05-10 ENTITLED event 3");
        assertThat(changes).filteredOn(c -> c.code() == ServiceCode.SECONDARY_VOCATIONAL_AID)
                .extracting(c -> c.on() + " " + c.to() + " " + c.cause())
                .containsExactly("2020-01-01 NOT_YET periodStart", "2020-03-16 ENTITLED event",
                        "2022-03-16 SUSPENDED anniversary", "2022-05-10 NOT_YET event", "2023-05-10 ENTITLED threshold");
        assertThat(changes).filteredOn(c -> c.to() == EntitlementStatus.SUSPENDED)
                .allMatch(c -> c.description().contains("2022-03-16 passed without endorsement"));
        assertThat(changes).filteredOn(c -> c.code() == ServiceCode.SECONDARY_VOCATIONAL_AID
                        && c.cause().equals("threshold"))
                .allMatch(c -> c.basis().stream().anyMatch(b -> b.document().equals("德政办发〔2016〕142号")));
    }
}
