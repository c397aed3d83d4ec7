package ledger.permit.contracts.values;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RegionsTest {

    @Test
    void the_kinds_of_the_places_the_documents_name_are_derived_from_the_table() {
        Map<String, RegionKind> expected = Map.ofEntries(
                Map.entry("530000", RegionKind.PROVINCE), Map.entry("110000", RegionKind.MUNICIPALITY),
                Map.entry("450000", RegionKind.AUTONOMOUS_REGION), Map.entry("810000",
                        RegionKind.SPECIAL_ADMINISTRATIVE_REGION),
                Map.entry("533100", RegionKind.AUTONOMOUS_PREFECTURE), Map.entry("530300", RegionKind.PREFECTURE_CITY),
                Map.entry("430100", RegionKind.PREFECTURE_CITY), Map.entry("652900", RegionKind.PREFECTURE_AREA),
                Map.entry("152500", RegionKind.LEAGUE), Map.entry("429000", RegionKind.DIRECTLY_GOVERNED),
                Map.entry("533102", RegionKind.COUNTY_CITY), Map.entry("533103", RegionKind.COUNTY_CITY),
                Map.entry("430181", RegionKind.COUNTY_CITY), Map.entry("430382", RegionKind.COUNTY_CITY),
                Map.entry("530181", RegionKind.COUNTY_CITY), Map.entry("430102", RegionKind.DISTRICT),
                Map.entry("530902", RegionKind.DISTRICT), Map.entry("530921", RegionKind.COUNTY),
                Map.entry("530925", RegionKind.AUTONOMOUS_COUNTY), Map.entry("150781", RegionKind.COUNTY_CITY),
                Map.entry("150121", RegionKind.BANNER), Map.entry("150724", RegionKind.AUTONOMOUS_BANNER),
                Map.entry("429021", RegionKind.FORESTRY_AREA), Map.entry("520203", RegionKind.SPECIAL_DISTRICT));
        Map<String, RegionKind> actual = expected.keySet().stream()
                .collect(Collectors.toMap(code -> code, Regions::kind));
        assertThat(actual).isEqualTo(expected);
        assertThat(RegionCode.of("533102").label()).isEqualTo("瑞丽市 533102");
        assertThat(RegionCode.of("533100").label()).isEqualTo("德宏傣族景颇族自治州 533100");
    }

    @Test
    void every_county_lies_in_a_listed_prefecture_or_province_and_yunnan_and_hunan_are_complete() {
        for (Region region : Regions.all().values()) {
            assertThat(region.kind()).as(region.label()).isNotNull();
            if (region.kind().level() != RegionKind.Level.PROVINCE) {
                assertThat(Regions.find(region.parent())).as("parent of " + region.label()).isPresent();
            }
        }
        // 云南 16 prefectures and 129 county-level divisions, 湖南 14 and 122, as the 2020 codes list them
        assertThat(Regions.all().values()).filteredOn(r -> r.code().startsWith("53")
                && r.kind().level() == RegionKind.Level.PREFECTURE).hasSize(16);
        assertThat(Regions.all().values()).filteredOn(r -> r.code().startsWith("53")
                && r.kind().level() == RegionKind.Level.COUNTY).hasSize(129);
        assertThat(Regions.all().values()).filteredOn(r -> r.code().startsWith("43")
                && r.kind().level() == RegionKind.Level.PREFECTURE).hasSize(14);
        assertThat(Regions.all().values()).filteredOn(r -> r.code().startsWith("43")
                && r.kind().level() == RegionKind.Level.COUNTY).hasSize(122);
        assertThat(Regions.find("110105").orElseThrow().parent()).isEqualTo("110000");
    }

    @Test
    void a_code_the_table_lacks_is_named_by_the_region_it_lies_in() {
        // 宁乡县 430124 became 宁乡市 430182 in 2017
        assertThat(Regions.find("430124")).isEmpty();
        assertThat(Regions.label("430124")).isEqualTo("长沙市 430124");
    }
}
