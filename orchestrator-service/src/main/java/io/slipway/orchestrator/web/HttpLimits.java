package io.slipway.orchestrator.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits the API enforces while it reads a request ({@code slipway.http.*}); Tomcat's own limits
 * (header size, parameter count, connection timeout) are the {@code server.*} keys in {@code
 * application.yml}.
 *
 * @param maxBodyBytes the largest request body of any endpoint; larger ones are refused with 413
 *     before or while they are read, never buffered whole
 * @param bodyReadTimeout the longest a request body may take to arrive in total: a client that
 *     trickles bytes (each read within Tomcat's connection timeout) is cut off with 408
 * @param importMaxBytes the largest export {@code POST /api/v1/admin/import} accepts (streamed;
 *     each of its lines is bounded on its own)
 * @param importReadTimeout the longest an import's body may take to arrive
 */
@ConfigurationProperties("slipway.http")
record HttpLimits(
        @DefaultValue("1048576") int maxBodyBytes,
        @DefaultValue("10s") Duration bodyReadTimeout,
        @DefaultValue("68719476736") long importMaxBytes,
        @DefaultValue("2h") Duration importReadTimeout) {
    /** The path whose body is a whole export: streamed, with limits of its own. */
    static final String IMPORT_PATH = "/api/v1/admin/import";

    /** The largest body and longest read allowed on {@code path}. */
    long maxBytesFor(String path) {
        return IMPORT_PATH.equals(path) ? importMaxBytes : maxBodyBytes;
    }

    Duration readTimeoutFor(String path) {
        return IMPORT_PATH.equals(path) ? importReadTimeout : bodyReadTimeout;
    }

    public HttpLimits {
        if (importMaxBytes < maxBodyBytes) {
            throw new IllegalArgumentException(
                    "slipway.http.import-max-bytes must be >= max-body-bytes");
        }
        if (importReadTimeout.isNegative() || importReadTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.http.import-read-timeout must be positive");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("slipway.http.max-body-bytes must be >= 1024");
        }
        if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.http.body-read-timeout must be positive");
        }
    }
}
