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
 */
@ConfigurationProperties("slipway.http")
record HttpLimits(
        @DefaultValue("1048576") int maxBodyBytes, @DefaultValue("10s") Duration bodyReadTimeout) {
    public HttpLimits {
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("slipway.http.max-body-bytes must be >= 1024");
        }
        if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("slipway.http.body-read-timeout must be positive");
        }
    }
}
