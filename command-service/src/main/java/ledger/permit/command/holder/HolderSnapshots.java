package ledger.permit.command.holder;

import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * When a holder's snapshot is taken: once {@code ledger.snapshots.every-events} events (default 50) have been
 * folded on top of the latest one, or of the stream's start. A holder gets one contribution month per scheme and
 * month, some sixty events a year, and each command and each feed row folds the holder's events since its latest
 * snapshot; snapshots keep that to at most this many however long the stream grows. 0 takes none.
 * <p>
 * A command's holder is snapshotted by Axon's snapshotter after the command's commit, in a transaction of its own
 * ({@link EventCountSnapshotTriggerDefinition}); the insurance feed's by {@link StreamAppender}, in the transaction
 * of its rows. Each stores it through Axon's event store, which keeps the latest snapshot of each holder only.
 */
@Configuration(proxyBeanMethods = false)
class HolderSnapshots {

    private final int everyEvents;

    HolderSnapshots(@Value("${ledger.snapshots.every-events:50}") int everyEvents) {
        if (everyEvents < 0) {
            throw new IllegalArgumentException("ledger.snapshots.every-events must be 0 (none) or more, not "
                    + everyEvents);
        }
        this.everyEvents = everyEvents;
    }

    /** Whether a holder whose latest snapshot has {@code folded} events on top of it is due a new one. */
    boolean due(int folded) {
        return everyEvents > 0 && folded >= everyEvents;
    }

    @Bean("holderSnapshotTrigger")
    SnapshotTriggerDefinition holderSnapshotTrigger(Snapshotter snapshotter) {
        return everyEvents == 0 ? NoSnapshotTriggerDefinition.INSTANCE
                : new EventCountSnapshotTriggerDefinition(snapshotter, everyEvents);
    }
}
