package ledger.permit.contracts.values;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegionCodeTest {

    @Test
    void a_county_knows_its_prefecture_and_province() {
        RegionCode ruili = RegionCode.of("533102");
        assertThat(ruili.prefecture()).isEqualTo("533100");
        assertThat(ruili.province()).isEqualTo("530000");
    }

    @Test
    void two_codes_are_in_one_prefecture_when_their_prefectures_are_alike() {
        RegionCode ruili = RegionCode.of("533102");
        assertThat(ruili.samePrefecture(RegionCode.of("533100"))).isTrue();
        assertThat(ruili.samePrefecture(RegionCode.of("533103"))).isTrue();
        assertThat(ruili.samePrefecture(ruili)).isTrue();
        assertThat(ruili.samePrefecture(RegionCode.of("533002"))).as("another prefecture, same county digits").isFalse();
        assertThat(ruili.samePrefecture(RegionCode.of("433102"))).as("another province").isFalse();
        for (String other : new String[]{"533100", "533103", "533002", "433102", "530000"}) {
            assertThat(ruili.samePrefecture(RegionCode.of(other))).as(other)
                    .isEqualTo(ruili.prefecture().equals(RegionCode.of(other).prefecture()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"53310", "5331000", "53a100", "53310/", "53310:", "990000", "", "５３３１００"})
    void anything_but_six_digits_of_a_real_province_is_refused(String value) {
        assertThatThrownBy(() -> RegionCode.of(value)).isInstanceOf(InvalidValueException.class);
    }
}
