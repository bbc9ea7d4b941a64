package io.slipway.orchestrator.web;

import io.slipway.orchestrator.problems.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error} page: what fails outside Spring MVC (a filter, the
 * container, the security firewall) is answered as {@code application/problem+json} too. A request
 * the firewall rejected (Spring Security's {@code RequestRejectedException}: encoded slashes,
 * {@code ..}, odd characters) is the client's fault, 400, not the 500 the container would make of
 * the exception; so is a body or parameters a filter could not read.
 */
@RestController
class ProblemErrorController implements ErrorController {
    private static final String REQUEST_REJECTED = "RequestRejectedException";

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ApiException api) {
                return ProblemAdvice.respond(ProblemAdvice.problemOf(api), null);
            }
            if (t instanceof HttpMessageNotReadableException
                    || t instanceof InvalidParameterException) {
                return problem(HttpStatus.BAD_REQUEST, "the request could not be read");
            }
            if (t.getClass().getSimpleName().equals(REQUEST_REJECTED)) {
                return problem(HttpStatus.BAD_REQUEST, "the request was rejected as malformed");
            }
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status =
                code instanceof Integer i && HttpStatus.resolve(i) != null
                        ? HttpStatus.valueOf(i)
                        : HttpStatus.INTERNAL_SERVER_ERROR;
        return problem(
                status,
                status.is5xxServerError()
                        ? "the request could not be completed"
                        : status.getReasonPhrase());
    }

    /** The generic type of {@code status}, answered with {@code status} itself. */
    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
        ProblemDetail p = ProblemAdvice.problem(ProblemType.forStatus(status), detail);
        p.setStatus(status);
        return ProblemAdvice.respond(p, null);
    }
}
