package ledger.permit.web;

import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.Map;

/**
 * The bundled policies, validated at start (a service with an invalid policy does not start), with the
 * region bindings set by configuration: {@code ledger.policy-bindings.<policy id>=<region>,<region>}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PolicySetup.PolicyBindings.class)
public class PolicySetup {

    private static final Logger log = LoggerFactory.getLogger(PolicySetup.class);

    @ConfigurationProperties("ledger")
    public record PolicyBindings(Map<String, List<String>> policyBindings) {
        public PolicyBindings {
            policyBindings = policyBindings == null ? Map.of() : Map.copyOf(policyBindings);
        }
    }

    @Bean
    PolicyCatalog policyCatalog(PolicyBindings bindings) {
        PolicyCatalog catalog = PolicyCatalog.bundled(bindings.policyBindings());
        log.info("Policies loaded: {}; bindings by configuration: {}",
                catalog.policies().stream().map(Policy::versionedId).toList(), bindings.policyBindings());
        return catalog;
    }
}
