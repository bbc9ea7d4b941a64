package io.slipway.orchestrator.web;

import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** Reads request bodies with a hard size bound, before anything is parsed. */
final class RequestBodies {
    private RequestBodies() {}

    static byte[] readBounded(HttpServletRequest request) throws IOException {
        int limit = GuestDescriptions.MAX_DESCRIPTION_BYTES;
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
                        HttpStatus.BAD_REQUEST,
                        "Empty description",
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
                HttpStatus.CONTENT_TOO_LARGE,
                "Description too large",
                "a guest description may be at most " + limit + " bytes");
    }

    private static ApiException unsupported(String contentType) {
        return new ApiException(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "Content-Type "
                        + contentType
                        + " is not a guest description: use text/plain (DTS),"
                        + " application/octet-stream (DTB) or application/json");
    }
}
