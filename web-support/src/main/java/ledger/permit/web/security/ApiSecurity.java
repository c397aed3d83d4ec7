package ledger.permit.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import ledger.permit.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.access.AccessDeniedException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * Every service's HTTP security: a stateless OAuth2 resource server taking JWT bearer tokens, whose
 * {@code roles} claim grants {@link Role}s. Health, the API description and the console's static files are
 * open; metrics need {@link Role#MONITORING}; every other actuator endpoint is closed; each service maps its
 * own endpoints to roles ({@link AccessRules}) and whatever it does not map is refused. A missing or bad
 * token is answered 401 and a wrong role 403, both as problem documents.
 *
 * <p>A token's signature is verified once and the verified token kept for five minutes, its times checked
 * again on every use ({@link CachingJwtDecoder}).
 *
 * <p>The key comes from Spring Boot's standard settings: {@code spring.security.oauth2.resourceserver.jwt.
 * issuer-uri}, {@code jwk-set-uri} or {@code public-key-location}, with {@code audiences}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

    /** The claim of a token that lists its roles. */
    public static final String ROLES_CLAIM = "roles";

    /** How a service maps its endpoints to roles. */
    @FunctionalInterface
    public interface AccessRules {
        void apply(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ObjectProvider<AccessRules> serviceRules,
                                    ObjectProvider<JwtDecoder> decoder, ObjectMapper json) throws Exception {
        if (decoder.getIfAvailable() == null) {
            throw new IllegalStateException("No key to verify bearer tokens with: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or public-key-location");
        }
        ProblemResponses problems = new ProblemResponses(json);
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(ROLES_CLAIM);
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter tokens = new JwtAuthenticationConverter();
        tokens.setJwtGrantedAuthoritiesConverter(roles);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(rules -> {
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    rules.requestMatchers("/actuator/health", "/actuator/health/**").permitAll();
                    rules.requestMatchers("/actuator/prometheus").hasRole(Role.MONITORING.name());
                    rules.requestMatchers("/actuator", "/actuator/**").denyAll();
                    rules.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
                            "/swagger-ui/**").permitAll();
                    serviceRules.ifAvailable(own -> own.apply(rules));
                    rules.anyRequest().denyAll();
                })
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new AuthorizationHeaderTokens())
                        .jwt(jwt -> jwt.decoder(new CachingJwtDecoder(decoder.getObject(), Duration.ofMinutes(5),
                                        10_000, Clock.systemUTC()))
                                .jwtAuthenticationConverter(tokens))
                        .authenticationEntryPoint(problems::unauthenticated)
                        .accessDeniedHandler(problems::forbidden))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problems::unauthenticated)
                        .accessDeniedHandler(problems::forbidden));
        return http.build();
    }

    /**
     * The rules' paths ({@code requestMatchers("/api/v1/...")}) are matched as Spring's path patterns on the request's
     * path, not through Spring MVC's handler mappings; Spring Security 7's default. The patterns and their meaning are
     * Spring MVC's own, so each rule matches the requests of the endpoint it names.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternRules() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * Removes Spring MVC's {@code mvcHandlerMappingIntrospector} bean before Spring Security looks for it. Where it
     * is defined, Spring Security wraps its whole filter chain in a filter that looks up each request's handler in
     * Spring MVC's mappings and keeps it for the request, whatever its rules match with; then the
     * {@code DispatcherServlet} looks the handler up again. With the rules on path patterns nothing uses that first
     * look-up, which a profile of the query service under load found in 5.6 % of its request threads' samples. Runs
     * before Spring Security's own post-processor, which is not ordered.
     */
    @Bean
    static BeanDefinitionRegistryPostProcessor noHandlerMappingIntrospector() {
        return new NoHandlerMappingIntrospector();
    }

    private static final class NoHandlerMappingIntrospector implements BeanDefinitionRegistryPostProcessor, Ordered {
        static final String BEAN = "mvcHandlerMappingIntrospector";

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            if (registry.containsBeanDefinition(BEAN)) {
                registry.removeBeanDefinition(BEAN);
            }
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /**
     * No Micrometer observation of each security filter, authentication and authorization: in a profile of the
     * query service under load, Micrometer was in about a fifth of the samples, much of it in these observations.
     * Requests themselves are still observed ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's strict firewall with its own rules for header and parameter names (every character assigned
     * in Unicode, none a control character) and header values (the same, but a tab allowed), checked character by
     * character instead of by its regular expressions, which a profile of the query service under load found in
     * about 2.5 % of the samples.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> assignedAndNotControl(name, false));
        firewall.setAllowedHeaderValues(value -> assignedAndNotControl(value, true));
        firewall.setAllowedParameterNames(name -> assignedAndNotControl(name, false));
        return firewall;
    }

    /** Whether every code point is assigned in Unicode and none is a control character (Cc), but a tab if allowed. */
    static boolean assignedAndNotControl(String text, boolean tab) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * A request the firewall refuses before any handler sees it (an encoded percent sign, slash or semicolon
     * in the path, say): 400 as a problem document.
     */
    @Bean
    RequestRejectedHandler rejectedRequests(ObjectMapper json) {
        return (request, response, e) -> {
            log.info("{} refused by the firewall: {}", request.getMethod(), e.getMessage());
            Problems.write(response, json, Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                    "The request was refused before it was read: " + e.getMessage()));
        };
    }

    /** 401 and 403 as problem documents, with the {@code WWW-Authenticate} header RFC 6750 asks for. */
    private record ProblemResponses(ObjectMapper json) {

        private static final BearerTokenAuthenticationEntryPoint CHALLENGE = new BearerTokenAuthenticationEntryPoint();
        private static final BearerTokenAccessDeniedHandler DENIAL = new BearerTokenAccessDeniedHandler();

        void unauthenticated(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
                throws IOException {
            CHALLENGE.commence(request, response, e);
            log.info("{} {}: 401, {}", request.getMethod(), request.getRequestURI(), e.getMessage());
            Problems.write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                    request.getHeader("Authorization") == null
                            ? "This endpoint needs a bearer token (Authorization: Bearer ...)."
                            : "The bearer token was not accepted: " + e.getMessage()));
        }

        void forbidden(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
                throws IOException {
            DENIAL.handle(request, response, e);
            log.info("{} {}: 403 for {}", request.getMethod(), request.getRequestURI(),
                    request.getUserPrincipal() == null ? "an anonymous caller" : request.getUserPrincipal().getName());
            Problems.write(response, json, Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "The token's roles do not allow " + request.getMethod() + " " + request.getRequestURI() + "."));
        }
    }
}
