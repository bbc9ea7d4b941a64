package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses with 400 a request path whose percent-encoding is broken ({@code %} not followed by two
 * hex digits) and a query string carrying a NUL character ({@code %00}), and with 415 a wildcard
 * {@code Content-Type} ({@code *}{@code /*}, {@code text/*}), which Spring MVC's request headers
 * refuse with an {@link IllegalArgumentException} (a 500) when a controller reads the body. Tomcat
 * lets a broken sequence through inside a path parameter ({@code ;x=%zz}), and Spring MVC's path
 * parsing then throws an {@link IllegalArgumentException} in places no exception handler reaches
 * (even while writing the error response), which the container turns into a 500; a NUL in a
 * parameter reaches PostgreSQL, which refuses it in text. Runs first, before any other filter
 * parses the request.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedRequestFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (wildcard(request.getContentType())) {
            ProblemAdvice.write(
                    response,
                    new ApiException(
                            ProblemType.UNSUPPORTED_MEDIA_TYPE,
                            "Content-Type must name one media type, not a wildcard"));
            return;
        }
        String query = request.getQueryString();
        if (query != null && query.contains("%00")) {
            ProblemAdvice.write(
                    response,
                    new ApiException(
                            ProblemType.MALFORMED_QUERY_STRING,
                            "the query string carries a NUL character"));
            return;
        }
        if (!wellEncoded(request.getRequestURI())) {
            ProblemAdvice.write(
                    response,
                    new ApiException(
                            ProblemType.MALFORMED_REQUEST_PATH,
                            "the request path has a '%' not followed by two hexadecimal digits"));
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean wellEncoded(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || !hex(path.charAt(i + 1)) || !hex(path.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    static boolean wildcard(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isWildcardType() || type.isWildcardSubtype();
        } catch (InvalidMediaTypeException unparseable) {
            // Spring MVC answers an unparseable Content-Type with 415 itself
            return false;
        }
    }

    private static boolean hex(char c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }
}
