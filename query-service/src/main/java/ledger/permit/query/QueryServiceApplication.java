package ledger.permit.query;

import ledger.permit.web.OpenApiSetup;
import ledger.permit.web.PolicySetup;
import ledger.permit.web.ProblemAdvice;
import ledger.permit.web.ProblemErrorReportValve;
import ledger.permit.web.RequestLimits;
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
        ProblemErrorReportValve.Setup.class})
public class QueryServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(QueryServiceApplication.class, args);
    }

    /** "Today" for a query without a date is the day in this zone (the permits are Chinese: Asia/Shanghai). */
    @Bean
    Clock clock(@Value("${ledger.time-zone}") ZoneId zone) {
        return Clock.system(zone);
    }
}
