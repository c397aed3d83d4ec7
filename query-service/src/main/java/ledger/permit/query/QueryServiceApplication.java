package ledger.permit.query;

import ledger.permit.web.OpenApiSetup;
import ledger.permit.web.PolicySetup;
import ledger.permit.web.ProblemAdvice;
import ledger.permit.web.ProblemErrorReportValve;
import ledger.permit.web.RequestLimits;
import ledger.permit.query.access.HolderRead;
import ledger.permit.web.security.ApiSecurity;
import ledger.permit.web.security.Role;
import org.springframework.http.HttpMethod;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;
import java.time.ZoneId;

/** The query API: what each holder is entitled to, read from the entitlement read model. */
@SpringBootApplication
@Import({ProblemAdvice.class, PolicySetup.class, OpenApiSetup.class, RequestLimits.class,
        ProblemErrorReportValve.Setup.class, ApiSecurity.class})
public class QueryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }

    /**
     * Who reads what: one holder's data by the roles of {@link HolderRead} (every such read is recorded),
     * statistics by {@link Role#STATISTICS} only, policies by every role of the API and their validation by
     * {@link Role#POLICY_ADMIN}. The console's own files are open; it sends the token it is given.
     */
    @Bean
    ApiSecurity.AccessRules queryAccess() {
        return rules -> {
            rules.requestMatchers(HttpMethod.GET, "/", "/index.html", "/console.css", "/console.js", "/favicon.ico")
                    .permitAll();
            for (HolderRead read : HolderRead.values()) {
                rules.requestMatchers(read.path()).hasAnyRole(read.roleNames());
            }
            rules.requestMatchers("/api/v1/statistics", "/api/v1/statistics/**").hasRole(Role.STATISTICS.name());
            rules.requestMatchers("/api/v1/policies/validate").hasRole(Role.POLICY_ADMIN.name());
            rules.requestMatchers(HttpMethod.GET, "/api/v1/policies", "/api/v1/policies/**").hasAnyRole(
                    Role.REGISTRAR.name(), Role.AGENCY.name(), Role.AUDITOR.name(), Role.STATISTICS.name(),
                    Role.POLICY_ADMIN.name());
        };
    }

    /** "Today" for a query without a date is the day in this zone (the permits are Chinese: Asia/Shanghai). */
    @Bean
    Clock clock(@Value("${ledger.time-zone}") ZoneId zone) {
        return Clock.system(zone);
    }
}
