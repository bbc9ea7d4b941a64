package io.slipway.orchestrator.problems;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * Every problem {@code type} the API can answer with: its URI ({@code
 * https://slipway.io/problems/<slug>}), its usual status and its title. The slugs are part of the
 * API contract (clients switch on them): never rename one; a new refusal gets a new constant, its
 * page {@code docs/problems/<slug>.md} and its entry in the OpenAPI document ({@code
 * OpenApiDocumentTests} fails until both exist).
 *
 * <p>The last group are the generic types of errors raised before a controller runs (Spring MVC's
 * own 404, 405, 406 and so on, and what fails in the container): {@link #forStatus} picks them by
 * status, and a status with no type of its own becomes {@link #BAD_REQUEST} or {@link
 * #INTERNAL_SERVER_ERROR}.
 */
public enum ProblemType {
    // the guest description of POST /domains
    INVALID_DESCRIPTION("invalid-description", HttpStatus.BAD_REQUEST, "Invalid guest description"),
    EMPTY_DESCRIPTION("empty-description", HttpStatus.BAD_REQUEST, "Empty description"),
    DESCRIPTION_TOO_LARGE(
            "description-too-large", HttpStatus.CONTENT_TOO_LARGE, "Description too large"),
    UNSUPPORTED_MEDIA_TYPE(
            "unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    INVALID_IDEMPOTENCY_KEY(
            "invalid-idempotency-key", HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.CONFLICT, "Idempotency-Key reused"),
    DOMAIN_UUID_IN_USE("domain-uuid-in-use", HttpStatus.CONFLICT, "domain-uuid in use"),
    NO_CAPACITY_NOW("no-capacity-now", HttpStatus.SERVICE_UNAVAILABLE, "No capacity now"),
    DOES_NOT_FIT("does-not-fit", HttpStatus.UNPROCESSABLE_CONTENT, "Fits on no host"),
    CONTENTION("contention", HttpStatus.SERVICE_UNAVAILABLE, "Busy"),

    // guest templates and creations composed from them
    INVALID_COMPOSITION("invalid-composition", HttpStatus.BAD_REQUEST, "Invalid composition"),
    UNKNOWN_TEMPLATE("unknown-template", HttpStatus.UNPROCESSABLE_CONTENT, "Unknown template"),
    INVALID_TEMPLATE_NAME("invalid-template-name", HttpStatus.BAD_REQUEST, "Invalid template name"),

    // path and query parameters
    INVALID_DOMAIN_ID("invalid-domain-id", HttpStatus.BAD_REQUEST, "Invalid domain id"),
    INVALID_HOST_ID("invalid-host-id", HttpStatus.BAD_REQUEST, "Invalid host id"),
    INVALID_ID("invalid-id", HttpStatus.BAD_REQUEST, "Invalid id"),
    INVALID_STATE("invalid-state", HttpStatus.BAD_REQUEST, "Invalid state"),
    INVALID_VERSION("invalid-version", HttpStatus.BAD_REQUEST, "Invalid version"),
    INVALID_PAGING("invalid-paging", HttpStatus.BAD_REQUEST, "Invalid paging"),
    INVALID_FILTER("invalid-filter", HttpStatus.BAD_REQUEST, "Invalid filter"),
    INVALID_PARAMETERS("invalid-parameters", HttpStatus.BAD_REQUEST, "Invalid parameters"),
    INVALID_REASON("invalid-reason", HttpStatus.BAD_REQUEST, "Invalid reason"),
    INVALID_OPERATOR(
            "invalid-x-slipway-operator", HttpStatus.BAD_REQUEST, "Invalid X-Slipway-Operator"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),

    // hosts, enrolment, operator actions, watching
    OWNED_BY_A_LIVE_DOMAIN("owned-by-a-live-domain", HttpStatus.CONFLICT, "Owned by a live domain"),
    ALREADY_ENROLLED("already-enrolled", HttpStatus.CONFLICT, "Already enrolled"),
    BROKER_UNAVAILABLE("broker-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Broker unavailable"),
    REBUILD_IN_PROGRESS("rebuild-in-progress", HttpStatus.CONFLICT, "Rebuild in progress"),
    INVALID_AS_OF("invalid-as-of", HttpStatus.BAD_REQUEST, "Invalid asOf"),
    INVALID_EXPORT("invalid-export", HttpStatus.BAD_REQUEST, "Export refused"),
    IMPORT_NOT_POSSIBLE("import-not-possible", HttpStatus.CONFLICT, "Import not possible now"),
    INVALID_LOST_POLICY("invalid-lost-policy", HttpStatus.BAD_REQUEST, "Invalid policy"),
    TOO_MANY_WATCHERS("too-many-watchers", HttpStatus.SERVICE_UNAVAILABLE, "Too many watchers"),

    // how a request arrived
    REQUEST_BODY_TOO_LARGE(
            "request-body-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    REQUEST_BODY_TOO_SLOW(
            "request-body-too-slow", HttpStatus.REQUEST_TIMEOUT, "Request body too slow"),
    UNREADABLE_REQUEST("unreadable-request", HttpStatus.BAD_REQUEST, "Unreadable request"),
    MALFORMED_QUERY_STRING(
            "malformed-query-string", HttpStatus.BAD_REQUEST, "Malformed query string"),
    MALFORMED_REQUEST_PATH(
            "malformed-request-path", HttpStatus.BAD_REQUEST, "Malformed request path"),

    // who is calling
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Unauthorized"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),

    // generic: raised before a controller runs, or not the client's fault
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad Request"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not Acceptable"),
    REQUEST_TIMEOUT("request-timeout", HttpStatus.REQUEST_TIMEOUT, "Request Timeout"),
    CONTENT_TOO_LARGE("content-too-large", HttpStatus.CONTENT_TOO_LARGE, "Content Too Large"),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    INTERNAL_SERVER_ERROR(
            "internal-server-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal Server Error"),
    SERVICE_UNAVAILABLE(
            "service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service Unavailable");

    /** What every type URI starts with. */
    public static final String BASE = "https://slipway.io/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The last segment of the type URI, also the name of its page in {@code docs/problems/}. */
    public String slug() {
        return slug;
    }

    /** The status this type is answered with (only {@link #INVALID_PARAMETERS} varies: 400/413). */
    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE + slug);
    }

    /**
     * The generic type of an error Spring MVC or the container raised with {@code status} (the
     * types above it are chosen by the code that refuses): never null.
     */
    public static ProblemType forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 413 -> CONTENT_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status.is4xxClientError() ? BAD_REQUEST : INTERNAL_SERVER_ERROR;
        };
    }

    /** The type whose URI is {@code uri}, if it is one of these. */
    public static Optional<ProblemType> of(String uri) {
        return Arrays.stream(values()).filter(t -> (BASE + t.slug).equals(uri)).findFirst();
    }
}
