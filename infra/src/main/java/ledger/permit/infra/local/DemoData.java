package ledger.permit.infra.local;

import ledger.permit.contracts.values.CitizenId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small demo population across the seed jurisdictions, recorded through the command API with the facts
 * that make their entitlements interesting. Safe to run at every start: a person the query API already
 * knows is left as they are.
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** One fact to record after the application: a path below the holder and its body. */
    public record Fact(String path, Map<String, Object> body) {
    }

    /** One demo person: where their hukou is (the ID's first digits), where they live now, and their facts. */
    public record Person(String label, String first17, String jurisdiction, LocalDate residentSince, String basis,
                         LocalDate appliedOn, LocalDate issuedOn, List<Fact> facts) {
        public CitizenId citizenId() {
            return CitizenId.withCheckCharacter(first17);
        }
    }

    public static final List<Person> PEOPLE = List.of(
            new Person("四川籍务工人员 in 瑞丽 (德宏州): insured since 2024, endorsed on time", "51010419900307123",
                    "533102", LocalDate.of(2024, 1, 10), "EMPLOYMENT", LocalDate.of(2024, 8, 1),
                    LocalDate.of(2024, 8, 20), concat(
                    List.of(endorsement("2025-08-01"), endorsement("2026-08-01")),
                    insurance("533102", YearMonth.of(2024, 2), YearMonth.of(2026, 10)),
                    List.of(schoolYear("51010420110505122", "533102", 7, "2024-09-01", "2025-07-10"),
                            schoolYear("51010420110505122", "533102", 8, "2025-09-01", "2026-07-10"),
                            schoolYear("51010420110505122", "533102", 9, "2026-09-01", "2027-07-10")))),
            new Person("贵州籍租住人员 in 芒市 (德宏州): a late endorsement restarted the clock", "52010219850612234",
                    "533103", LocalDate.of(2023, 5, 1), "RESIDENCE", LocalDate.of(2023, 12, 1),
                    LocalDate.of(2023, 12, 15), List.of(endorsement("2024-12-01"), endorsement("2026-01-20"),
                    qualification("STABLE_RESIDENCE", "533103", "2023-05-01", "租赁登记备案"))),
            new Person("昆明籍务工人员 in 麒麟区 (曲靖市): stable employment, may settle", "53010219921120345", "530302",
                    LocalDate.of(2025, 9, 1), "EMPLOYMENT", LocalDate.of(2025, 10, 5), LocalDate.of(2025, 10, 20),
                    List.of(qualification("STABLE_EMPLOYMENT", "530302", "2025-09-01", "劳动合同"))),
            new Person("大理籍学生 in 临翔区 (临沧市), application pending", "53290120040402456", "530902",
                    LocalDate.of(2025, 3, 1), "STUDY", LocalDate.of(2025, 9, 10), null, List.of()),
            new Person("江西籍务工人员 in 芙蓉区 (长沙市, a large city): two years of employment and insurance",
                    "36010219880815567", "430102", LocalDate.of(2021, 6, 1), "EMPLOYMENT", LocalDate.of(2022, 2, 1),
                    LocalDate.of(2022, 2, 20), concat(
                    List.of(endorsement("2023-02-01"), endorsement("2024-02-01"), endorsement("2025-02-01"),
                            endorsement("2026-02-01"),
                            qualification("STABLE_EMPLOYMENT", "430102", "2022-01-01", "劳动合同"),
                            qualification("STABLE_RESIDENCE", "430102", "2022-01-01", "租赁登记备案")),
                    insurance("430102", YearMonth.of(2022, 1), YearMonth.of(2024, 6)))),
            new Person("湖北籍租住人员 in 荷塘区 (株洲市), application pending", "42010219950101678", "430202",
                    LocalDate.of(2026, 1, 5), "RESIDENCE", LocalDate.of(2026, 10, 1), null, List.of()),
            new Person("广西籍务工人员 in 雨湖区 (湘潭市): never endorsed, suspended", "45010319790909789", "430302",
                    LocalDate.of(2019, 3, 1), "EMPLOYMENT", LocalDate.of(2019, 9, 2), LocalDate.of(2019, 9, 16),
                    List.of()),
            new Person("曲靖籍务工人员 in 五华区 (seed 003's city, bound to 昆明市 for the demo): a college degree",
                    "53030219930303123", "530102", LocalDate.of(2023, 1, 1), "EMPLOYMENT", LocalDate.of(2023, 7, 1),
                    LocalDate.of(2023, 7, 15), concat(
                    List.of(endorsement("2024-07-01"), endorsement("2025-07-01"), endorsement("2026-07-01"),
                            qualification("COLLEGE_DEGREE", "530102", "2015-07-01", "大专")),
                    insurance("530102", YearMonth.of(2023, 1), YearMonth.of(2026, 9)))),
            new Person("河南籍人员 in 麒麟区 (曲靖市) after twenty days: refused under 曲政发〔2015〕82号 十二",
                    "41010219970707123", "530302", LocalDate.of(2026, 10, 1), "RESIDENCE", LocalDate.of(2026, 10, 21),
                    null, List.of()),
            new Person("江西籍人员 in 浏阳市 (a county-level city of 长沙), hukou recorded in 萍乡: a stable residence "
                    + "alone opens settlement (湖南 三（一）)", "36010219910909123", "430181",
                    LocalDate.of(2025, 3, 1), "RESIDENCE", LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 12),
                    List.of(hukou("360302", "2010-05-01"), endorsement("2026-09-01"),
                            qualification("STABLE_RESIDENCE", "430181", "2025-06-01", "购房"))));

    private DemoData() {
    }

    /** Records every demo person; returns their holder IDs in order. */
    public static List<String> record(LedgerClient client) {
        List<String> holders = new ArrayList<>();
        for (Person person : PEOPLE) {
            LedgerClient.Response known = client.get("/api/v1/holders?citizenId=" + person.citizenId().value());
            if (known.status() == 200) {
                holders.add(known.body().path("holderId").asText());
                continue;
            }
            Map<String, Object> application = new LinkedHashMap<>();
            application.put("citizenId", person.citizenId().value());
            application.put("jurisdiction", person.jurisdiction());
            application.put("residentSince", person.residentSince().toString());
            application.put("basis", person.basis());
            application.put("appliedOn", person.appliedOn().toString());
            LedgerClient.Response applied = client.post("/api/v1/permit-applications", application);
            String holderId = switch (applied.status()) {
                case 201, 422 -> applied.body().path("holderId").asText();
                default -> throw new IllegalStateException("demo application refused: " + applied);
            };
            if (person.issuedOn() != null) {
                expect(client.post("/api/v1/holders/" + holderId + "/issuance",
                        Map.of("issuedOn", person.issuedOn().toString())), "issuance");
            }
            for (Fact fact : person.facts()) {
                expect(client.post("/api/v1/holders/" + holderId + fact.path(), fact.body()), fact.path());
            }
            holders.add(holderId);
            log.info("Demo holder {}: {}", holderId, person.label());
        }
        return holders;
    }

    private static void expect(LedgerClient.Response response, String what) {
        if (response.status() != 200) {
            throw new IllegalStateException("demo " + what + " refused: " + response);
        }
    }

    static Fact endorsement(String on) {
        return new Fact("/endorsements", Map.of("endorsedOn", on));
    }

    static Fact qualification(String kind, String jurisdiction, String on, String description) {
        return new Fact("/qualifications", Map.of("kind", kind, "jurisdiction", jurisdiction, "obtainedOn", on,
                "description", description));
    }

    static Fact hukou(String region, String since) {
        return new Fact("/hukou", Map.of("hukouRegion", region, "since", since));
    }

    static Fact schoolYear(String child17, String jurisdiction, int grade, String from, String to) {
        return new Fact("/children/" + CitizenId.withCheckCharacter(child17).value() + "/school-years",
                Map.of("jurisdiction", jurisdiction, "level", "JUNIOR_SECONDARY", "grade", grade, "from", from,
                        "to", to));
    }

    static List<Fact> insurance(String jurisdiction, YearMonth from, YearMonth to) {
        List<Fact> months = new ArrayList<>();
        for (YearMonth month = from; !month.isAfter(to); month = month.plusMonths(1)) {
            months.add(new Fact("/insurance-months", Map.of("jurisdiction", jurisdiction, "month", month.toString(),
                    "scheme", "PENSION")));
        }
        return months;
    }

    @SafeVarargs
    private static List<Fact> concat(List<Fact>... parts) {
        List<Fact> all = new ArrayList<>();
        for (List<Fact> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}
