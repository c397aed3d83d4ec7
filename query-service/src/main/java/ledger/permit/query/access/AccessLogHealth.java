package ledger.permit.query.access;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Health component {@code accessLog}: whether reads can be recorded, without which none is answered. */
@Component("accessLogHealthIndicator")
class AccessLogHealth implements HealthIndicator {

    private final AccessLog accessLog;

    AccessLogHealth(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public Health health() {
        return accessLog.reachable() ? Health.up().build()
                : Health.down().withDetail("reason", "the access log cannot be written: holder reads are refused")
                .build();
    }
}
