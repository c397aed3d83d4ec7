package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;

import java.time.LocalDate;

/**
 * A stretch of valid time in which one service has one status for a holder.
 *
 * @param from first day of the period
 * @param to   first day after the period, or {@code null} while it lasts
 */
public record ServicePeriod(ServiceCode code, EntitlementStatus status, LocalDate from, LocalDate to) {

    public boolean covers(LocalDate day) {
        return !day.isBefore(from) && (to == null || day.isBefore(to));
    }
}
