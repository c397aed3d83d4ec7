package ledger.permit.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3 description of an API (at /v3/api-docs, with Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
public class OpenApiSetup {

    @Bean
    OpenAPI ledgerOpenApi(@Value("${spring.application.name}") String service,
                          @Value("${ledger.api-description:permit-ledger}") String description) {
        return new OpenAPI().info(new Info()
                .title("permit-ledger " + service)
                .version("v1")
                .description(description)
                .license(new License().name("internal")));
    }
}
