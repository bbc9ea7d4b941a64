package io.slipway.orchestrator.audit;

import io.slipway.orchestrator.security.Actor;
import io.slipway.orchestrator.security.CurrentActor;
import io.slipway.orchestrator.security.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Writes the audit row of each call of an {@link Audited} handler once it is answered (after
 * authorization: a refused token never reaches a handler). The row is written after the request's
 * own transaction; the events a request causes carry its actor in that transaction already.
 */
@Component
class AuditInterceptor implements HandlerInterceptor, WebMvcConfigurer {
    private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);
    private static final int MAX_TARGET = 500;

    private final AuditLog audit;
    private final CurrentActor actors;
    private final Clock clock;

    AuditInterceptor(AuditLog audit, CurrentActor actors, Clock clock) {
        this.audit = audit;
        this.actors = actors;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request,
            HttpServletResponse response,
            Object handler,
            Exception ex) {
        if (!(handler instanceof HandlerMethod method)
                || !method.hasMethodAnnotation(Audited.class)) {
            return;
        }
        try {
            Actor actor = actors.get();
            int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
            String location = response.getHeader(HttpHeaders.LOCATION);
            String target = location != null ? location : request.getRequestURI();
            audit.append(
                    new AuditEntry(
                            0,
                            actor.requestId(),
                            Instant.now(clock),
                            method.getMethodAnnotation(Audited.class).value(),
                            request.getMethod(),
                            target.length() > MAX_TARGET ? target.substring(0, MAX_TARGET) : target,
                            actor.subject(),
                            actor.tenant(),
                            actor.roles().stream()
                                    .sorted(Comparator.naturalOrder())
                                    .map(Role::claimValue)
                                    .toList(),
                            status,
                            status < 400 ? "SUCCEEDED" : status < 500 ? "REFUSED" : "FAILED"));
        } catch (RuntimeException e) {
            log.error(
                    "audit row for {} {} not written: {}",
                    request.getMethod(),
                    request.getRequestURI(),
                    e.toString());
        }
    }
}
