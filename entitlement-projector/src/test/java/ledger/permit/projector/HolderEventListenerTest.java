package ledger.permit.projector;

import ledger.permit.contracts.holder.HolderEvent.PermitIssued;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.contracts.wire.HolderEventEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A poll cut into runs of distinct holders: in its order, a new run where a holder comes a second time. */
class HolderEventListenerTest {

    @Test
    void a_holders_second_event_starts_a_new_run_and_the_order_is_kept() {
        HolderId a = new HolderId(UUID.randomUUID());
        HolderId b = new HolderId(UUID.randomUUID());
        HolderId c = new HolderId(UUID.randomUUID());
        List<HolderEventEnvelope> poll = List.of(event(a, 1), event(b, 1), event(a, 2), event(c, 1), event(b, 2),
                event(a, 3));

        List<List<HolderEventEnvelope>> runs = HolderEventListener.runsOfDistinctHolders(poll);

        assertThat(runs).extracting(run -> run.stream().map(e -> e.holderId() + "#" + e.sequence()).toList())
                .containsExactly(List.of(a + "#1", b + "#1"), List.of(a + "#2", c + "#1", b + "#2"), List.of(a + "#3"));
        assertThat(HolderEventListener.runsOfDistinctHolders(List.of())).isEmpty();
    }

    private static HolderEventEnvelope event(HolderId holder, long sequence) {
        return HolderEventCodec.read(HolderEventCodec.write(HolderEventCodec.envelope(holder + "-" + sequence,
                sequence, Instant.parse("2026-03-15T02:00:00Z"), new PermitIssued(holder, LocalDate.of(2026, 3, 15)))));
    }
}
