package ledger.permit.query.holder;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;
import ledger.permit.contracts.values.CitizenId;
import ledger.permit.contracts.values.HolderId;
import ledger.permit.rules.ServicePeriod;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Date;
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

    boolean exists(HolderId holder) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM holder WHERE holder_id = ?)",
                Boolean.class, holder.value()));
    }

    List<ServicePeriod> periods(HolderId holder) {
        return jdbc.query("SELECT service_code, status, valid_from, valid_to FROM entitlement_period "
                        + "WHERE holder_id = ? ORDER BY service_code, valid_from",
                (rs, i) -> {
                    Date to = rs.getDate("valid_to");
                    return new ServicePeriod(ServiceCode.valueOf(rs.getString("service_code")),
                            EntitlementStatus.valueOf(rs.getString("status")),
                            rs.getDate("valid_from").toLocalDate(), to == null ? null : to.toLocalDate());
                }, holder.value());
    }
}
