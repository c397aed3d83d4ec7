package ledger.permit.infra.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a load's unmeasured warm-up ends: after two steady windows in a row, not one; a window in which the JIT
 * compilers still took more than 5 % of the machine is not steady.
 */
class BenchmarkWarmUpTest {

    /** The windows' rates, one after another; the index of the window the warm-up ends with, or -1. */
    private static int endsAt(double... rates) {
        double[] compiling = new double[rates.length];
        java.util.Arrays.fill(compiling, Double.NaN);
        return endsAt(rates, compiling);
    }

    /** As {@link #endsAt(double...)}, with the JIT compilers' share of the machine in each window. */
    private static int endsAt(double[] rates, double[] compiling) {
        Benchmark.WarmUp warmUp = new Benchmark.WarmUp();
        for (int i = 0; i < rates.length; i++) {
            if (warmUp.over(rates[i], compiling[i])) {
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

    @Test
    void a_steady_rate_while_the_compilers_are_busy_is_a_pause_in_the_climb() {
        // seen on two cores: 325, 323, 337 queries a second while the compilers worked, then 745 four rounds later
        double[] rates = {71, 126, 164, 234, 229, 268, 289, 325, 323, 337, 331, 334};
        assertThat(endsAt(rates, new double[]{.4, .3, .3, .2, .2, .2, .15, .12, .11, .10, .04, .03})).isEqualTo(11);
        assertThat(endsAt(rates, new double[]{.4, .3, .3, .2, .2, .2, .15, .12, .11, .10, .09, .09})).isEqualTo(-1);
        // at most 5 % is steady; where the compilers' share is not known, the rates alone decide
        assertThat(endsAt(new double[]{1_000, 1_000, 1_000}, new double[]{.05, .05, .05})).isEqualTo(2);
        assertThat(endsAt(new double[]{1_000, 1_000, 1_000}, new double[]{.2, Double.NaN, Double.NaN})).isEqualTo(2);
        assertThat(endsAt(rates)).isEqualTo(9);
    }
}
