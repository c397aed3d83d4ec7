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
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
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
        SpringApplication application = new SpringApplication(CommandServiceApplication.class);
        application.addListeners(new ReadAheadSetting());
        application.run(args);
    }

    /**
     * Sets {@link #sharedReadAhead} from the environment once it is prepared. A class, not a lambda: Spring cannot
     * tell a lambda's event type, so it would call a lambda listener with every event of the context (each HTTP
     * request publishes one) and catch the {@link ClassCastException} each time.
     */
    static final class ReadAheadSetting implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            sharedReadAhead(event.getEnvironment().getProperty("ledger.event-store.shared-read-ahead", Boolean.class,
                    false));
        }
    }

    /**
     * Whether Axon's event store serves its readers from one shared read-ahead (Axon's default) or each reader
     * from a stream of its own (ours: {@code ledger.event-store.shared-read-ahead=false}). The shared read-ahead
     * serves several processors from one cache; this service has one (the forwarder), and with a backlog of two
     * million events (a bulk load) the 512 MiB heap ran out while the forwarder waited on Kafka. Axon reads the
     * setting from this system property when it builds the event store, so it is set before the context starts.
     */
    static void sharedReadAhead(boolean shared) {
        System.setProperty("optimize-event-consumption", Boolean.toString(shared));
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
