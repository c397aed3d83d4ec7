package ledger.permit.command.holder;

import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The registry in the event store's database. The insert joins the command's transaction, so the
 * binding and the stream's first event commit together or not at all; the primary key settles races.
 */
@Component
class JdbcCitizenRegistry implements CitizenRegistry {

    private final JdbcTemplate jdbc;

    JdbcCitizenRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public HolderId bind(CitizenId citizen, HolderId holder) {
        jdbc.update("INSERT INTO citizen_holder (citizen_id, holder_id) VALUES (?, ?) ON CONFLICT (citizen_id) DO NOTHING",
                citizen.value(), holder.value());
        return holderOf(citizen).orElseThrow();
    }

    @Override
    public Optional<HolderId> holderOf(CitizenId citizen) {
        return jdbc.query("SELECT holder_id FROM citizen_holder WHERE citizen_id = ?",
                (rs, i) -> new HolderId(rs.getObject(1, UUID.class)), citizen.value()).stream().findFirst();
    }

    @Override
    public Map<CitizenId, HolderId> holdersOf(Collection<CitizenId> citizens) {
        Map<CitizenId, HolderId> holders = new HashMap<>();
        if (citizens.isEmpty()) {
            return holders;
        }
        String[] ids = citizens.stream().map(CitizenId::value).distinct().toArray(String[]::new);
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "SELECT citizen_id, holder_id FROM citizen_holder WHERE citizen_id = ANY (?)");
            // bpchar, the column's own type: compared as text, the primary key could not be used (a full scan)
            statement.setArray(1, connection.createArrayOf("bpchar", ids));
            return statement;
        }, row -> {
            holders.put(CitizenId.of(row.getString(1)), new HolderId(row.getObject(2, UUID.class)));
        });
        return holders;
    }
}
