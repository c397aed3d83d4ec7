package ledger.permit.contracts.values;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CitizenIdTest {

    @Test
    void the_example_of_gb_11643_is_valid_and_reads_back_its_parts() {
        CitizenId id = CitizenId.of("11010519491231002X");
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
        assertThat(id.sex()).isEqualTo(CitizenId.Sex.FEMALE);
        assertThat(id.hukouRegion()).isEqualTo("110105");
    }

    @Test
    void a_lower_case_x_is_accepted_as_the_check_character() {
        assertThat(CitizenId.of("11010519491231002x").value()).isEqualTo("11010519491231002X");
    }

    @Test
    void the_check_character_is_computed_by_iso_7064_mod_11_2() {
        assertThat(CitizenId.withCheckCharacter("11010519491231002").value()).isEqualTo("11010519491231002X");
        assertThat(CitizenId.withCheckCharacter("53310219900307123").value()).endsWith(
                String.valueOf(CitizenId.checkCharacter("53310219900307123")));
    }

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({
            "110105194912310021, check digit",
            "11010519491231002, 18 characters",
            "1101051949123100211, 18 characters",
            "1101051949A231002X, 17 digits",
            "11010519491231002Y, digit or X",
            "110105194902300027, impossible birth date",
            "990105194912310020, no GB/T 2260 province",
    })
    void malformed_numbers_are_refused_with_a_reason(String value, String reason) {
        String candidate = value.equals("990105194912310020")
                ? CitizenId.withCheckCharacterUnchecked("99010519491231002")
                : value.equals("110105194902300027") ? CitizenId.withCheckCharacterUnchecked("11010519490230002") : value;
        assertThatThrownBy(() -> CitizenId.of(candidate))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining(reason);
    }

    @Test
    void the_number_never_appears_in_to_string() {
        assertThat(CitizenId.of("11010519491231002X").toString()).doesNotContain("19491231");
    }
}
