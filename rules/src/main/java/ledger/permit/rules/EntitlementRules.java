package ledger.permit.rules;

import ledger.permit.contracts.catalog.EntitlementStatus;
import ledger.permit.contracts.catalog.ServiceCode;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** Derives a holder's entitlements from the facts. Pure: no clock, no I/O. */
public final class EntitlementRules {

    private EntitlementRules() {
    }

    /**
     * Every period in which a service holds. Day-one services hold from the issue date
     * (《居住证暂行条例》 Art. 12: 居住证持有人享有…权利 from issuance).
     */
    public static List<ServicePeriod> timeline(HolderFacts facts) {
        if (facts.issuedOn() == null) {
            return List.of();
        }
        return Arrays.stream(ServiceCode.values())
                .filter(code -> code.tier() == ServiceCode.Tier.DAY_ONE)
                .map(code -> new ServicePeriod(code, EntitlementStatus.ENTITLED, facts.issuedOn(), null))
                .toList();
    }

    /** The standing with every catalog service on {@code day}, in catalog order. */
    public static List<ServiceStanding> standingOn(Collection<ServicePeriod> timeline, LocalDate day) {
        return Arrays.stream(ServiceCode.values())
                .map(code -> timeline.stream()
                        .filter(p -> p.code() == code && p.covers(day))
                        .findFirst()
                        .map(p -> new ServiceStanding(code, p.status(), p.from()))
                        .orElseGet(() -> new ServiceStanding(code, EntitlementStatus.NOT_YET, null)))
                .toList();
    }
}
