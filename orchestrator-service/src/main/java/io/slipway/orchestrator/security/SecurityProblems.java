package io.slipway.orchestrator.security;

import io.slipway.orchestrator.problems.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * 401 and 403 from the security filters as RFC 9457 problem details, like every other API error:
 * the standard {@code WWW-Authenticate: Bearer ...} header (RFC 6750) comes from Spring's bearer
 * token handlers, the body from here. Never a stack trace, never the token.
 */
@Component
class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {
    private static final int MAX_DETAIL = 300;

    private final BearerTokenAuthenticationEntryPoint bearer =
            new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
    private final JsonMapper json = JsonMapper.builder().build();

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e);
        boolean presented = request.getHeader("Authorization") != null;
        String detail =
                presented
                        ? "the bearer token was refused: " + e.getMessage()
                        : "this endpoint needs a bearer token (Authorization: Bearer <token>)";
        write(request, response, ProblemType.UNAUTHORIZED, detail);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        denied.handle(request, response, e);
        write(
                request,
                response,
                ProblemType.FORBIDDEN,
                "the token's roles do not allow " + request.getMethod() + " on this endpoint");
    }

    private void write(
            HttpServletRequest request,
            HttpServletResponse response,
            ProblemType type,
            String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status().value());
        body.put(
                "detail",
                detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail);
        String path = request.getRequestURI();
        body.put("instance", path.length() > MAX_DETAIL ? path.substring(0, MAX_DETAIL) : path);
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.writeValueAsString(body));
    }
}
