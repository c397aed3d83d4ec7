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

    @ParameterizedTest
    @ValueSource(strings = {"53310", "5331000", "53a100", "53310/", "53310:", "990000", "", "５３３１００"})
    void anything_but_six_digits_of_a_real_province_is_refused(String value) {
        assertThatThrownBy(() -> RegionCode.of(value)).isInstanceOf(InvalidValueException.class);
    }
}
