package ledger.permit.projector;

import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RebuildFillTest {

    /** The ranges the holders are folded in start where PostgreSQL's order of identifiers splits evenly. */
    @Test
    void ranges_split_the_identifiers_evenly_in_postgresql_order() {
        assertThat(IntStream.range(0, 2).mapToObj(i -> RebuildFill.boundary(i, 2).toString()))
                .containsExactly("00000000-0000-0000-0000-000000000000", "80000000-0000-0000-0000-000000000000");
        assertThat(IntStream.range(0, 4).mapToObj(i -> RebuildFill.boundary(i, 4).toString()))
                .containsExactly("00000000-0000-0000-0000-000000000000", "40000000-0000-0000-0000-000000000000",
                        "80000000-0000-0000-0000-000000000000", "c0000000-0000-0000-0000-000000000000");
        assertThat(RebuildFill.boundary(0, 1)).isEqualTo(new UUID(0, 0));
    }
}
