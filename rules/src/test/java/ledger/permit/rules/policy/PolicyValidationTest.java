package ledger.permit.rules.policy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Policies are refused when loaded if they are wrong, with a message naming where and, for caps, the clause. */
class PolicyValidationTest {

    private static final String HEADER = """
            id: candidate
            version: 1
            title: a candidate
            sources:
              - {document: 测试文件, title: test, issued: 2020-01-01, seed: null}
            effectiveFrom: 2020-01-01
            parent: cn-national
            """;

    @Test
    void every_bundled_policy_is_valid_together() {
        assertThat(PolicyCatalog.validate(PolicyFiles.bundled())).isEmpty();
    }

    @Test
    void an_unknown_service_code_is_refused_naming_it() {
        assertThatThrownBy(() -> PolicyFiles.parse("bad.yaml", HEADER + """
                regions: ["445300"]
                services:
                  FREE_LUNCH: {dayOne: true, basis: {document: 测试文件, clause: 一}}
                """))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("FREE_LUNCH")
                .hasMessageContaining("services");
    }

    @Test
    void a_file_without_id_version_title_or_effective_date_is_refused_naming_each() {
        assertThatThrownBy(() -> PolicyFiles.parse("empty-object", "{}"))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> assertThat(e.findings())
                        .extracting(Finding::path).containsExactlyInAnyOrder("id", "version", "title", "effectiveFrom"));
    }

    @Test
    void an_unknown_field_is_refused_rather_than_ignored() {
        assertThatThrownBy(() -> PolicyFiles.parse("bad.yaml", HEADER + "regions: [\"445300\"]\nminResidenceDays: 3\n"))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("minResidenceDays");
    }

    @Test
    void overlapping_versions_of_one_policy_are_refused() {
        Policy v1 = PolicyFiles.parse("a.yaml", HEADER + "regions: [\"445300\"]\n");
        Policy v2 = PolicyFiles.parse("b.yaml", HEADER.replace("version: 1", "version: 2")
                .replace("effectiveFrom: 2020-01-01", "effectiveFrom: 2021-01-01") + "regions: [\"445300\"]\n");
        List<Finding> findings = PolicyCatalog.validate(List.of(v1, v2));
        assertThat(findings).extracting(Finding::message)
                .anyMatch(m -> m.contains("versions 1 and 2 are in force at the same time"));
    }

    @Test
    void successive_versions_that_do_not_overlap_are_accepted() {
        Policy v1 = PolicyFiles.parse("a.yaml", HEADER + "effectiveTo: 2021-01-01\nregions: [\"445300\"]\n");
        Policy v2 = PolicyFiles.parse("b.yaml", HEADER.replace("version: 1", "version: 2")
                .replace("effectiveFrom: 2020-01-01", "effectiveFrom: 2021-01-01") + "regions: [\"445300\"]\n");
        List<Policy> all = new ArrayList<>(PolicyFiles.bundled());
        all.add(v1);
        all.add(v2);
        assertThat(PolicyCatalog.validate(all)).isEmpty();
    }

    @Test
    void a_region_bound_to_two_policies_at_once_is_refused() {
        List<Policy> all = new ArrayList<>(PolicyFiles.bundled());
        all.add(PolicyFiles.parse("c.yaml", HEADER + "regions: [\"533100\"]\n"));
        assertThat(PolicyCatalog.validate(all)).extracting(Finding::message)
                .anyMatch(m -> m.contains("region 533100 is already bound to yn-dehong@1"));
        assertThatThrownBy(() -> PolicyCatalog.of(all, Map.of())).isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void binding_seed003_by_configuration_to_a_bound_region_is_refused() {
        assertThatThrownBy(() -> PolicyCatalog.bundled(Map.of("seed003-central-city", List.of("533100"))))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("533100");
    }

    @Test
    void a_region_listed_twice_in_one_policy_is_refused() {
        Policy twice = PolicyFiles.parse("d.yaml", HEADER + "regions: [\"445300\", \"445300\"]\n");
        assertThat(PolicyCatalog.validate(List.of(twice))).extracting(Finding::message)
                .anyMatch(m -> m.contains("listed twice"));
    }

    @Test
    void a_value_without_a_clause_or_a_local_choice_is_refused() {
        Policy bare = PolicyFiles.parse("e.yaml", HEADER + """
                regions: ["445300"]
                services:
                  HOUSING_SECURITY:
                    basis: {document: 测试文件, clause: 二}
                    routes:
                      - id: years
                        conditions:
                          - {type: residence, months: 48}
                """);
        assertThat(PolicyCatalog.validate(List.of(bare))).extracting(Finding::message)
                .anyMatch(m -> m.contains("localChoice"));
    }

    @Test
    void a_large_hunan_city_asking_more_than_three_years_breaks_the_cap_of_004_three_two() {
        Policy hunan = PolicyFiles.bundled().stream().filter(p -> p.id().equals("hn-hunan")).findFirst().orElseThrow();
        Policy changsha = PolicyFiles.parse("changsha.yaml", """
                id: changsha
                version: 1
                title: 长沙 candidate
                sources:
                  - {document: 长沙测试文件, title: test, issued: 2020-01-01, seed: null}
                regions: ["430100"]
                effectiveFrom: 2020-01-01
                parent: hn-hunan
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 长沙测试文件, clause: 一}
                    routes:
                      - id: large-city
                        conditions:
                          - {type: cityTier, tiers: [LARGE], localChoice: 长沙为大城市}
                          - {type: insurance, months: 48, continuous: true, countLatePaid: false, countTransferred: false, localChoice: 四年}
                """);
        List<Policy> all = new ArrayList<>(PolicyFiles.bundled());
        all.add(changsha);
        assertThat(hunan.caps()).isNotEmpty();
        assertThat(PolicyCatalog.validate(all))
                .anySatisfy(f -> {
                    assertThat(f.policy()).isEqualTo("changsha@1");
                    assertThat(f.message()).contains("asks 48 months where at most 36 are allowed");
                    assertThat(f.clause()).isEqualTo(new Citation("湖南省进一步推进户籍制度改革的实施意见", "三（二）"));
                });
    }

    @Test
    void a_condition_without_its_own_clause_or_local_choice_is_refused_though_its_route_cites_one() {
        Policy bare = PolicyFiles.parse("f.yaml", HEADER + """
                regions: ["445300"]
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 测试文件, clause: 二}
                    requiresPermit: false
                    routes:
                      - id: residence
                        basis: {document: 测试文件, clause: 二}
                        conditions:
                          - {type: qualification, kind: STABLE_RESIDENCE, months: 0}
                """);
        assertThat(PolicyCatalog.validate(List.of(bare))).extracting(Finding::path)
                .contains("services.HUKOU_SETTLEMENT.routes[0].conditions[0]");
    }

    @Test
    void a_service_that_does_not_say_whether_it_is_for_permit_holders_is_refused() {
        Policy silent = PolicyFiles.parse("g.yaml", HEADER + """
                regions: ["445300"]
                services:
                  LABOUR_EMPLOYMENT: {dayOne: true, basis: {document: 测试文件, clause: 一}}
                """);
        assertThat(PolicyCatalog.validate(List.of(silent))).extracting(Finding::path)
                .contains("services.LABOUR_EMPLOYMENT.requiresPermit");
    }

    @Test
    void a_cap_binds_every_policy_below_it_however_deep_and_whatever_conditions_its_routes_use() {
        Policy changsha = PolicyFiles.parse("changsha.yaml", """
                id: changsha
                version: 1
                title: 长沙 candidate
                sources:
                  - {document: 长沙测试文件, title: test, issued: 2020-01-01, seed: null}
                regions: ["430100"]
                effectiveFrom: 2020-01-01
                parent: hn-hunan
                """);
        Policy furong = PolicyFiles.parse("furong.yaml", """
                id: furong
                version: 1
                title: 芙蓉区 candidate
                sources:
                  - {document: 芙蓉区测试文件, title: test, issued: 2020-01-01, seed: null}
                regions: ["430102"]
                effectiveFrom: 2020-01-01
                parent: changsha
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 芙蓉区测试文件, clause: 一}
                    requiresPermit: false
                    routes:
                      - id: employment-years
                        basis: {document: 芙蓉区测试文件, clause: 一}
                        conditions:
                          - {type: qualification, kind: STABLE_EMPLOYMENT, months: 48, localChoice: 四年}
                """);
        List<Policy> all = new ArrayList<>(PolicyFiles.bundled());
        all.add(changsha);
        all.add(furong);
        assertThat(PolicyCatalog.validate(all)).anySatisfy(f -> {
            assertThat(f.policy()).isEqualTo("furong@1");
            assertThat(f.message()).contains("asks 48 months where at most 36 are allowed");
            assertThat(f.clause().clause()).isEqualTo("三（二）");
        });
    }

    @Test
    void decree_663_art_16_caps_a_medium_city_at_three_years_of_insurance_and_a_large_one_at_five() {
        Policy zhuzhou = PolicyFiles.parse("zhuzhou.yaml", """
                id: zhuzhou
                version: 1
                title: 株洲 candidate
                sources:
                  - {document: 株洲测试文件, title: test, issued: 2020-01-01, seed: null}
                regions: ["430200"]
                effectiveFrom: 2020-01-01
                parent: hn-hunan
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 株洲测试文件, clause: 一}
                    requiresPermit: false
                    routes:
                      - id: medium-city
                        basis: {document: 株洲测试文件, clause: 一}
                        conditions:
                          - {type: cityTier, tiers: [MEDIUM], localChoice: 株洲为中等城市}
                          - {type: insurance, months: 48, continuous: false, countLatePaid: true, countTransferred: true, localChoice: 四年}
                """);
        Policy guangzhou = PolicyFiles.parse("guangzhou.yaml", """
                id: guangzhou
                version: 1
                title: a large city's candidate
                sources:
                  - {document: 测试文件, title: test, issued: 2020-01-01, seed: null}
                regions: ["440100"]
                effectiveFrom: 2020-01-01
                parent: cn-national
                cityTiers: {"440100": VERY_LARGE}
                cityTiersApplyTo: [DISTRICT]
                cityTiersLocalChoice: test
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 测试文件, clause: 一}
                    requiresPermit: false
                    routes:
                      - id: six-years
                        basis: {document: 测试文件, clause: 一}
                        conditions:
                          - {type: insurance, months: 72, continuous: false, countLatePaid: true, countTransferred: true, localChoice: 六年}
                """);
        List<Policy> all = new ArrayList<>(PolicyFiles.bundled());
        all.add(zhuzhou);
        all.add(guangzhou);
        List<Finding> findings = PolicyCatalog.validate(all);
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.policy()).isEqualTo("zhuzhou@1");
            assertThat(f.clause()).isEqualTo(new Citation("《居住证暂行条例》", "第十六条（二）"));
        });
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.policy()).isEqualTo("guangzhou@1");
            assertThat(f.message()).contains("asks 72 months where at most 60 are allowed");
            assertThat(f.clause()).isEqualTo(new Citation("《居住证暂行条例》", "第十六条（三）"));
        });
    }

    @Test
    void an_unknown_condition_kind_indicator_kind_or_region_is_refused_when_loaded_with_its_file_and_line() {
        assertThatThrownBy(() -> PolicyFiles.parse("kinds.yaml", HEADER + """
                regions: ["445300"]
                services:
                  HOUSING_SECURITY:
                    basis: {document: 测试文件, clause: 二}
                    requiresPermit: true
                    routes:
                      - id: years
                        conditions:
                          - {type: yearsOfGoodConduct, months: 48, localChoice: x}
                """)).isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.findings().getFirst().policy()).isEqualTo("kinds.yaml");
                    assertThat(e.findings().getFirst().line()).isEqualTo(16);
                    assertThat(e.findings().getFirst().message()).contains("yearsOfGoodConduct");
                });
        assertThatThrownBy(() -> PolicyFiles.parse("points.yaml", HEADER + """
                regions: ["445300"]
                points:
                  basis: {document: 测试文件, clause: 九}
                  indicators:
                    - {kind: insuranceYear, points: 3}
                    - {kind: goodLooks, points: 50}
                """)).isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.findings().getFirst().line()).isEqualTo(13);
                    assertThat(e.findings().getFirst().message()).contains("goodLooks");
                });
        assertThatThrownBy(() -> PolicyFiles.parse("region.yaml", HEADER + """
                regions: ["445300"]
                services:
                  HUKOU_SETTLEMENT:
                    basis: {document: 测试文件, clause: 二}
                    requiresPermit: false
                    routes:
                      - id: here
                        basis: {document: 测试文件, clause: 二}
                        conditions:
                          - {type: jurisdictionIn, regions: ["445399"], basis: {document: 测试文件, clause: 二}}
                """)).isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.findings().getFirst().line()).isEqualTo(17);
                    assertThat(e.findings().getFirst().message()).contains("445399").contains("region table");
                });
    }

    @Test
    void a_policy_bound_to_a_city_whose_conditions_ask_for_its_central_city_must_name_the_districts_within_it() {
        assertThatThrownBy(() -> PolicyCatalog.bundled(Map.of("seed003-central-city", List.of("530100"))))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("central city");
        assertThatThrownBy(() -> PolicyCatalog.bundled(Map.of("seed003-central-city", List.of("530100")),
                Map.of("seed003-central-city", List.of("530102", "533102"))))
                .isInstanceOf(InvalidPolicyException.class).hasMessageContaining("533102 lies outside");
        assertThat(PolicyCatalog.bundled(Map.of("seed003-central-city", List.of("530100")),
                Map.of("seed003-central-city", List.of("530102"))).policy("seed003-central-city")).isPresent();
    }

    @Test
    void a_cap_on_what_no_condition_asks_or_for_no_service_is_refused_rather_than_capping_nothing() {
        Policy typo = PolicyFiles.parse("h.yaml", HEADER + """
                regions: ["445300"]
                caps:
                  - {service: HUKOU_SETTLEMENT, cityTiers: [LARGE], conditions: [insurence], maxMonths: 36, basis: {document: 测试文件, clause: 三}}
                  - {service: FREE_LUNCH, cityTiers: [LARGE], conditions: [insurance], maxMonths: 36, basis: {document: 测试文件, clause: 三}}
                """);
        assertThat(PolicyCatalog.validate(List.of(typo))).extracting(Finding::path)
                .contains("caps[0].conditions", "caps[1].service");
    }
}
