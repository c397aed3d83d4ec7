package ledger.permit.rules.facts;

import ledger.permit.contracts.holder.HolderEvent;

import java.time.Instant;

/** A holder event with its place in the stream and when the ledger learned it (record time). */
public record RecordedEvent(long sequence, Instant recordedAt, HolderEvent event) {
}
