package ledger.permit.web;

import ledger.permit.rules.policy.Policy;
import ledger.permit.rules.policy.PolicyCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.List;
import java.util.Map;

/**
 * The bundled policies, validated at start (a service with an invalid policy does not start), with what
 * configuration binds to them: regions for a document that names no city,
 * {@code ledger.policy-bindings.<policy id>=<region>,<region>}, and the districts of a 市中心城区 a document names
 * without listing, {@code ledger.policy-central-cities.<policy id>=<district>,<district>}.
 */
@Configuration(proxyBeanMethods = false)
public class PolicySetup {

    private static final Logger log = LoggerFactory.getLogger(PolicySetup.class);

    @Bean
    PolicyCatalog policyCatalog(Environment environment) {
        return catalog(environment);
    }

    /** The bundled policies with the bindings of this environment's configuration. */
    @SuppressWarnings("unchecked")
    public static PolicyCatalog catalog(Environment environment) {
        Binder binder = Binder.get(environment);
        Bindable<Map<String, List<String>>> lists = Bindable.mapOf(String.class,
                (Class<List<String>>) (Class<?>) List.class);
        Map<String, List<String>> bindings = binder.bind("ledger.policy-bindings", lists).orElse(Map.of());
        Map<String, List<String>> centralCities = binder.bind("ledger.policy-central-cities", lists)
                .orElse(Map.of());
        PolicyCatalog catalog = PolicyCatalog.bundled(bindings, centralCities);
        log.info("Policies loaded: {}; bindings by configuration: {}; central cities: {}",
                catalog.policies().stream().map(Policy::versionedId).toList(), bindings, centralCities);
        return catalog;
    }
}
