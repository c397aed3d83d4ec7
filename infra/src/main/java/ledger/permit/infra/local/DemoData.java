package ledger.permit.infra.local;

import ledger.permit.contracts.values.CitizenId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small demo population across the seed jurisdictions, recorded through the command API.
 * Safe to record again: a citizen who already applied is found, not duplicated.
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** One demo person: where their hukou is, where they live now, and their permit's dates. */
    public record Person(String label, String first17, String jurisdiction, LocalDate residentSince, String basis,
                         LocalDate appliedOn, LocalDate issuedOn) {
        public CitizenId citizenId() {
            return CitizenId.withCheckCharacter(first17);
        }
    }

    public static final List<Person> PEOPLE = List.of(
            new Person("四川籍务工人员 in 瑞丽 (德宏州)", "51010419900307123", "533102",
                    LocalDate.of(2024, 1, 10), "EMPLOYMENT", LocalDate.of(2024, 8, 1), LocalDate.of(2024, 8, 20)),
            new Person("贵州籍租住人员 in 芒市 (德宏州)", "52010219850612234", "533103",
                    LocalDate.of(2023, 5, 1), "RESIDENCE", LocalDate.of(2023, 12, 1), LocalDate.of(2023, 12, 15)),
            new Person("昆明籍务工人员 in 麒麟区 (曲靖市)", "53010219921120345", "530302",
                    LocalDate.of(2025, 9, 1), "EMPLOYMENT", LocalDate.of(2025, 10, 5), LocalDate.of(2025, 10, 20)),
            new Person("大理籍学生 in 临翔区 (临沧市), application pending", "53290120040402456", "530902",
                    LocalDate.of(2025, 3, 1), "STUDY", LocalDate.of(2025, 9, 10), null),
            new Person("江西籍务工人员 in 芙蓉区 (长沙市)", "36010219880815567", "430102",
                    LocalDate.of(2021, 6, 1), "EMPLOYMENT", LocalDate.of(2022, 2, 1), LocalDate.of(2022, 2, 20)),
            new Person("湖北籍租住人员 in 荷塘区 (株洲市), application pending", "42010219950101678", "430202",
                    LocalDate.of(2026, 1, 5), "RESIDENCE", LocalDate.of(2026, 10, 1), null),
            new Person("广西籍务工人员 in 雨湖区 (湘潭市)", "45010319790909789", "430302",
                    LocalDate.of(2019, 3, 1), "EMPLOYMENT", LocalDate.of(2019, 9, 2), LocalDate.of(2019, 9, 16)));

    private DemoData() {
    }

    /** Records every demo person; returns their holder IDs in order. */
    public static List<String> record(LedgerClient client) {
        List<String> holders = new ArrayList<>();
        for (Person person : PEOPLE) {
            Map<String, Object> application = new LinkedHashMap<>();
            application.put("citizenId", person.citizenId().value());
            application.put("jurisdiction", person.jurisdiction());
            application.put("residentSince", person.residentSince().toString());
            application.put("basis", person.basis());
            application.put("appliedOn", person.appliedOn().toString());
            LedgerClient.Response applied = client.post("/api/v1/permit-applications", application);
            String holderId = switch (applied.status()) {
                case 201, 409 -> applied.body().path("holderId").asText();
                default -> throw new IllegalStateException("demo application refused: " + applied);
            };
            if (person.issuedOn() != null) {
                LedgerClient.Response issued = client.post("/api/v1/holders/" + holderId + "/issuance",
                        Map.of("issuedOn", person.issuedOn().toString()));
                if (issued.status() != 200 && issued.status() != 409) {
                    throw new IllegalStateException("demo issuance refused: " + issued);
                }
            }
            holders.add(holderId);
            log.info("Demo holder {}: {}", holderId, person.label());
        }
        return holders;
    }
}
