package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;

import java.time.LocalDate;

/** A holder's standing with one service on one day; {@code since} is null when nothing has held yet. */
public record ServiceStanding(ServiceCode code, EntitlementStatus status, LocalDate since) {
}
