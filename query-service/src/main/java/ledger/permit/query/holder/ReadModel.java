package ledger.permit.query.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.contracts.wire.HolderEventCodec;
import ledger.permit.rules.facts.RecordedEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

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
     * The holder's facts as recorded, in stream order, each with when the ledger learned it; none for a holder the
     * read model does not have.
     */
    List<RecordedEvent> history(HolderId holder) {
        return jdbc.query("SELECT sequence, type, version, recorded_at, payload::text AS payload "
                        + "FROM holder_event WHERE holder_id = ? ORDER BY sequence",
                (rs, i) -> new RecordedEvent(rs.getLong("sequence"), rs.getTimestamp("recorded_at").toInstant(),
                        HolderEventCodec.payload(rs.getString("type"), rs.getInt("version"), rs.getString("payload"))),
                holder.value());
    }
}
