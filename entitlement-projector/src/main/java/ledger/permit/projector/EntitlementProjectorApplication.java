package ledger.permit.projector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Consumes the holder events and keeps each holder's entitlements, derived by the rules, in PostgreSQL. */
@SpringBootApplication
@EnableConfigurationProperties(ProjectorProperties.class)
public class EntitlementProjectorApplication {

    public static void main(String[] args) {
        SpringApplication.run(EntitlementProjectorApplication.class, args);
    }
}
