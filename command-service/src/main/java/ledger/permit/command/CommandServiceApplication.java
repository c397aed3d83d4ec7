package ledger.permit.command;

import ledger.permit.web.OpenApiSetup;
import ledger.permit.web.PolicySetup;
import ledger.permit.web.ProblemAdvice;
import ledger.permit.web.ProblemErrorReportValve;
import ledger.permit.web.RequestLimits;
import ledger.permit.web.security.ApiSecurity;
import ledger.permit.web.security.Role;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.time.Clock;

/** The command API: takes agencies' records of permits and appends them to each holder's event stream. */
@SpringBootApplication
@EnableConfigurationProperties(LedgerProperties.class)
@Import({ProblemAdvice.class, PolicySetup.class, OpenApiSetup.class, RequestLimits.class,
        ProblemErrorReportValve.Setup.class, ApiSecurity.class})
public class CommandServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CommandServiceApplication.class, args);
    }

    /** Every command is a registrar's: only {@link Role#REGISTRAR} records facts. */
    @Bean
    ApiSecurity.AccessRules commandAccess() {
        return rules -> rules.requestMatchers("/api/v1/**").hasRole(Role.REGISTRAR.name());
    }

    /** The only clock: requests are checked against "today" at the web edge, never inside the domain. */
    @Bean
    Clock clock(LedgerProperties properties) {
        return Clock.system(properties.timeZone());
    }
}
