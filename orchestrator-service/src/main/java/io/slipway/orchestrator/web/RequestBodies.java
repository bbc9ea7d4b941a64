package io.slipway.orchestrator.web;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import io.slipway.devicetree.guest.ValidGuest;
import io.slipway.orchestrator.problems.ProblemType;
import io.slipway.orchestrator.templates.CompositionRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads guest descriptions from request bodies with a hard size bound, before anything is parsed
 * ({@link BoundedBodyFilter} bounds every body the same way while it streams; this bound holds even
 * without it).
 *
 * <p>The canonical DTB of an accepted description is bounded by the same 1 MiB: it is stored in the
 * {@code DomainRequested} event (base64) and published on the event feed, and this bound is what
 * the Kafka message size limits are sized from (at most 1 MiB of DTB, 4/3 of it as base64, plus the
 * derived guest spec whose strings are at most the DTB's bytes, each at most 3 bytes of JSON).
 */
final class RequestBodies {
    private RequestBodies() {}

    /**
     * The validated guest of a {@code POST /domains} body.
     *
     * @throws ApiException 413 over the limit (raw or canonical), 415 other media types, 400 empty
     * @throws DeviceTreeException every problem of an invalid description
     */
    static ValidGuest readGuest(HttpServletRequest request)
            throws IOException, DeviceTreeException {
        DescriptionFormat format = formatOf(request.getContentType());
        byte[] body = readBounded(request);
        ValidGuest guest = GuestDescriptions.read(body, format, "request");
        int limit = GuestDescriptions.MAX_DESCRIPTION_BYTES;
        if (guest.canonicalDtb().length > limit) {
            throw new ApiException(
                    ProblemType.DESCRIPTION_TOO_LARGE,
                    "the description expands to a canonical DTB of "
                            + guest.canonicalDtb().length
                            + " bytes; at most "
                            + limit
                            + " are accepted");
        }
        return guest;
    }

    /** The media type of a creation asked for as a template plus overlays. */
    static final String COMPOSITION_MEDIA_TYPE = "application/vnd.slipway.composition+json";

    /**
     * A composition body, overlays included, is bounded like a whole description: it composes one,
     * and the composed guest is held to the description limit anyway.
     */
    static final int MAX_COMPOSITION_BYTES = GuestDescriptions.MAX_DESCRIPTION_BYTES;

    private static final JsonMapper COMPOSITION_READER =
            JsonMapper.builder()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .build();

    static boolean isComposition(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.isCompatibleWith(MediaType.parseMediaType(COMPOSITION_MEDIA_TYPE));
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The composition request of a {@code POST /domains} body.
     *
     * @throws ApiException 413 over the limit, 400 empty or not a composition object
     */
    static CompositionRequest readComposition(HttpServletRequest request) throws IOException {
        byte[] body = readBounded(request, MAX_COMPOSITION_BYTES);
        try {
            CompositionRequest parsed =
                    COMPOSITION_READER.readValue(body, CompositionRequest.class);
            if (parsed == null) {
                throw new ApiException(
                        ProblemType.INVALID_COMPOSITION, "the body must be a JSON object");
            }
            return parsed;
        } catch (JacksonException e) {
            throw new ApiException(
                    ProblemType.INVALID_COMPOSITION,
                    "the body is not a composition request: " + e.getOriginalMessage());
        }
    }

    static byte[] readBounded(HttpServletRequest request) throws IOException {
        return readBounded(request, GuestDescriptions.MAX_DESCRIPTION_BYTES);
    }

    static byte[] readBounded(HttpServletRequest request, int limit) throws IOException {
        if (request.getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            if (body.length == 0) {
                throw new ApiException(
                        ProblemType.EMPTY_DESCRIPTION,
                        "the request body must be a guest description (DTS, DTB or JSON)");
            }
            return body;
        }
    }

    static DescriptionFormat formatOf(String contentType) {
        if (contentType == null) {
            throw unsupported(null);
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (RuntimeException e) {
            throw unsupported(contentType);
        }
        if (type.isCompatibleWith(MediaType.TEXT_PLAIN)) {
            return DescriptionFormat.DTS;
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_OCTET_STREAM)) {
            return DescriptionFormat.DTB;
        }
        if (type.isCompatibleWith(MediaType.APPLICATION_JSON)) {
            return DescriptionFormat.JSON;
        }
        throw unsupported(contentType);
    }

    private static ApiException tooLarge(int limit) {
        return new ApiException(
                ProblemType.DESCRIPTION_TOO_LARGE,
                "a guest description may be at most " + limit + " bytes");
    }

    private static ApiException unsupported(String contentType) {
        return new ApiException(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type "
                        + contentType
                        + " is not a guest description: use text/plain (DTS),"
                        + " application/octet-stream (DTB) or application/json");
    }
}
