package ledger.permit.query.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.rules.facts.HolderFacts;
import ledger.permit.storedfacts.StoredFacts;
import ledger.permit.rules.facts.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the projector's tables; this service never writes them. */
@Repository
class ReadModel {

    private final JdbcTemplate jdbc;

    ReadModel(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<HolderId> holderOf(CitizenId citizen) {
        return jdbc.query("SELECT holder_id FROM holder WHERE citizen_id = ?",
                        (rs, i) -> new HolderId(rs.getObject(1, UUID.class)), citizen.value())
                .stream().findFirst();
    }

    /**
     * The holder's facts as the ledger knew them at {@code knownAt}; none for a holder the read model does not have.
     * When no event of the holder was recorded after {@code knownAt} (the usual question: known now), they are the
     * projector's own fold of every event, stored with the fact log in the same transaction, so a long history is
     * not read and folded again for each answer; otherwise the events recorded by then are folded here. Which of
     * the two, the holder's row tells: the projector keeps the latest record time among its events there.
     */
    Optional<HolderFacts> factsKnownAt(HolderId holder, Instant knownAt) {
        List<HolderFacts> stored = jdbc.query("SELECT facts::text, last_recorded_at FROM holder WHERE holder_id = ?",
                (rs, i) -> rs.getObject(2, OffsetDateTime.class).toInstant().isAfter(knownAt) ? null
                        : StoredFacts.read(rs.getString(1)),
                holder.value());
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        if (stored.getFirst() != null) {
            return Optional.of(stored.getFirst());
        }
        return Optional.of(HolderFacts.knownAt(history(holder), knownAt));
    }

    /**
     * The holder's facts as recorded, in stream order, each with when the ledger learned it; none for a holder the
     * read model does not have.
     */
    private List<RecordedEvent> history(HolderId holder) {
        return jdbc.query("SELECT sequence, type, version, recorded_at, payload::text AS payload "
                        + "FROM holder_event WHERE holder_id = ? ORDER BY sequence",
                (rs, i) -> new RecordedEvent(rs.getLong("sequence"), rs.getTimestamp("recorded_at").toInstant(),
                        HolderEventCodec.payload(rs.getString("type"), rs.getInt("version"), rs.getString("payload"))),
                holder.value());
    }
}
