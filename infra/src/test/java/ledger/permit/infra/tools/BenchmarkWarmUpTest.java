package ledger.permit.infra.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the query load's unmeasured warm-up ends: after two steady windows in a row, not one. */
class BenchmarkWarmUpTest {

    /** The windows' rates, one after another; the index of the window the warm-up ends with, or -1. */
    private static int endsAt(double... rates) {
        Benchmark.WarmUp warmUp = new Benchmark.WarmUp();
        for (int i = 0; i < rates.length; i++) {
            if (warmUp.over(rates[i])) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void one_window_within_five_percent_of_the_one_before_is_a_pause_in_the_climb_not_its_end() {
        // a slow machine's climb: 980 to 1,011 is +3 %, and the service went on climbing
        assertThat(endsAt(178, 362, 460, 487, 559, 592, 701, 980, 1_011, 1_300)).isEqualTo(-1);
    }

    @Test
    void two_steady_windows_in_a_row_end_it_whether_they_rise_a_little_or_fall() {
        // 2,813 is 5.1 % above 2,677: not steady; 2,644 and 2,700 are
        assertThat(endsAt(613, 1_250, 1_637, 2_128, 2_677, 2_813, 2_644, 2_700)).isEqualTo(7);
        assertThat(endsAt(1_000, 1_040, 1_080)).isEqualTo(2);
        assertThat(endsAt(1_000, 1_060, 1_100, 1_140)).isEqualTo(3);
    }
}
