package io.slipway.orchestrator.security;

import static io.slipway.orchestrator.security.Role.ADMIN;
import static io.slipway.orchestrator.security.Role.OPERATOR;
import static io.slipway.orchestrator.security.Role.TENANT;
import static io.slipway.orchestrator.security.Role.VIEWER;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;
import static org.springframework.http.HttpMethod.PUT;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.util.Arrays;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The API's security: stateless bearer-token authentication (no sessions, no CSRF since no cookie
 * carries credentials, no form login, no basic auth) and THE authorization table below, the only
 * place that says which role may call which endpoint. A request no rule names is denied, so a new
 * endpoint is unreachable until it gets a rule (and the authorization matrix test fails until it
 * gets an entry). Which domains a tenant sees is decided per request by {@link Actor#sees}.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {
    private static final String DOMAIN = "/api/v1/domains/*";
    private static final String HOST = "/api/v1/hosts/*";

    /**
     * The dashboard's files (static resources): the only paths open without a token. They hold no
     * data; the page asks for a token and sends it on every API call.
     */
    static final String[] DASHBOARD = {"/", "/index.html", "/app.js", "/app.css", "/favicon.svg"};

    /**
     * On every response (the API's too): the dashboard runs only its own script and style, talks
     * only to this origin, and cannot be framed; nothing inline, nothing from elsewhere.
     */
    static final String CSP =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
                    + " connect-src 'self'; base-uri 'none'; form-action 'none';"
                    + " frame-ancestors 'none'";

    @Bean
    SecurityFilterChain apiFilterChain(
            HttpSecurity http,
            SecuritySettings settings,
            SecurityProblems problems,
            Environment env)
            throws Exception {
        TokenRules rules = new TokenRules(settings);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(rules::authorities);
        int managementPort = managementPort(env);
        http.authorizeHttpRequests(t -> table(t, managementPort))
                .oauth2ResourceServer(
                        o ->
                                o.jwt(j -> j.jwtAuthenticationConverter(converter))
                                        .authenticationEntryPoint(problems)
                                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .headers(
                        h ->
                                h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                                        .referrerPolicy(
                                                r ->
                                                        r.policy(
                                                                ReferrerPolicyHeaderWriter
                                                                        .ReferrerPolicy
                                                                        .NO_REFERRER)));
        return http.build();
    }

    /**
     * Wraps whichever decoder Spring Boot configures (a public key or an issuer's key set) so that
     * a token verified once is not verified again on every request: see {@link VerifiedTokens}.
     */
    @Bean
    static BeanPostProcessor rememberVerifiedTokens() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof VerifiedTokens)
                        ? new VerifiedTokens(decoder, Clock.systemUTC())
                        : bean;
            }
        };
    }

    /**
     * The separate management port ({@code management.server.port}), or -1 when actuator shares the
     * API's port. Scrapes on that port need no token: it is meant to be reachable only by the
     * scraper (README, "Metrics, traces and logs").
     */
    private static int managementPort(Environment env) {
        int port = env.getProperty("management.server.port", Integer.class, -1);
        int server = env.getProperty("server.port", Integer.class, 8080);
        return port > 0 && port != server ? port : -1;
    }

    /** The authorization table: method, path, who. Everything else is denied. */
    private static void table(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry
                    t,
            int managementPort) {
        // Async (SSE) and error dispatches continue a request that was authorized already.
        t.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll();
        t.requestMatchers(GET, "/actuator/health", "/actuator/health/**").permitAll();
        t.requestMatchers(GET, DASHBOARD).permitAll();
        // Prometheus: open on the separate management port only; a viewer's token on the API's.
        if (managementPort > 0) {
            t.requestMatchers(
                            r ->
                                    r.getLocalPort() == managementPort
                                            && "GET".equals(r.getMethod())
                                            && "/actuator/prometheus".equals(r.getRequestURI()))
                    .permitAll();
        }
        t.requestMatchers(
                        GET,
                        "/actuator/info",
                        "/actuator/metrics",
                        "/actuator/metrics/**",
                        "/actuator/prometheus")
                .hasAnyRole(names(VIEWER, OPERATOR, ADMIN));
        t.requestMatchers(GET, "/api/v1/openapi", "/api/v1/openapi.yaml")
                .hasAnyRole(names(VIEWER, TENANT, OPERATOR, ADMIN));

        // Domains: tenants only see their own (404 otherwise), enforced by the controllers.
        t.requestMatchers(POST, "/api/v1/domains").hasAnyRole(names(TENANT));
        t.requestMatchers(
                        GET,
                        "/api/v1/domains",
                        DOMAIN,
                        DOMAIN + "/events",
                        DOMAIN + "/watch",
                        DOMAIN + "/description")
                .hasAnyRole(names(VIEWER, TENANT, OPERATOR, ADMIN));
        t.requestMatchers(DELETE, DOMAIN).hasAnyRole(names(TENANT, OPERATOR, ADMIN));
        // Every domain's events, live: a tenant's stream carries only its own domains.
        t.requestMatchers(GET, "/api/v1/watch").hasAnyRole(names(VIEWER, TENANT, OPERATOR, ADMIN));

        // Templates: anyone who may create or watch domains may read them; operators register.
        t.requestMatchers(
                        GET,
                        "/api/v1/templates",
                        "/api/v1/templates/*",
                        "/api/v1/templates/*/versions/*")
                .hasAnyRole(names(VIEWER, TENANT, OPERATOR, ADMIN));
        t.requestMatchers(PUT, "/api/v1/templates/*").hasAnyRole(names(OPERATOR, ADMIN));

        // Hosts: capacity and inventories are not a tenant's business.
        t.requestMatchers(
                        GET,
                        "/api/v1/hosts",
                        HOST,
                        HOST + "/inventory",
                        HOST + "/reaps",
                        HOST + "/reaps/*")
                .hasAnyRole(names(VIEWER, OPERATOR, ADMIN));
        t.requestMatchers(
                        POST,
                        HOST + "/drain",
                        HOST + "/undrain",
                        HOST + "/inventory/*/reap",
                        HOST + "/lost")
                .hasAnyRole(names(OPERATOR, ADMIN));
        // Enrolment issues (and revocation takes back) a host's Kafka credentials.
        t.requestMatchers(POST, HOST + "/enrollment").hasAnyRole(names(OPERATOR, ADMIN));
        t.requestMatchers(DELETE, HOST + "/enrollment").hasAnyRole(names(OPERATOR, ADMIN));
        t.requestMatchers(GET, "/api/v1/unenrolled-hosts")
                .hasAnyRole(names(VIEWER, OPERATOR, ADMIN));

        t.requestMatchers(GET, "/api/v1/audit").hasAnyRole(names(OPERATOR, ADMIN));
        t.requestMatchers(POST, "/api/v1/admin/projections/rebuild").hasAnyRole(names(ADMIN));
        // The whole log of every tenant, and replacing it: the administrator's alone.
        t.requestMatchers(GET, "/api/v1/admin/recovery").hasAnyRole(names(ADMIN));
        t.requestMatchers(GET, "/api/v1/admin/export").hasAnyRole(names(ADMIN));
        t.requestMatchers(POST, "/api/v1/admin/import").hasAnyRole(names(ADMIN));
        // Outbox rows Kafka refused for good: operators must see and count them.
        t.requestMatchers(GET, "/api/v1/admin/outbox", "/api/v1/admin/outbox/parked")
                .hasAnyRole(names(OPERATOR, ADMIN));
        // Messages consumers could not use (dead-letter topics): read-only, bounded.
        t.requestMatchers(GET, "/api/v1/admin/dead-letters").hasAnyRole(names(OPERATOR, ADMIN));

        t.anyRequest().denyAll();
    }

    private static String[] names(Role... roles) {
        return Arrays.stream(roles).map(Role::name).toArray(String[]::new);
    }

    /**
     * Slipway's token checks, added by Spring Boot to its auto-configured decoder next to the
     * signature, {@code exp} and {@code nbf} checks. Refuses to start when nothing would check the
     * issuer.
     */
    @Bean
    OAuth2TokenValidator<Jwt> slipwayTokenRules(SecuritySettings settings, Environment env) {
        String issuerUri = env.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri");
        if (settings.issuer() == null && (issuerUri == null || issuerUri.isBlank())) {
            throw new IllegalStateException(
                    "no token issuer configured: set slipway.security.issuer (with"
                            + " spring.security.oauth2.resourceserver.jwt.public-key-location or"
                            + " jwk-set-uri) or spring.security.oauth2.resourceserver.jwt.issuer-uri");
        }
        return new TokenRules(settings);
    }
}
