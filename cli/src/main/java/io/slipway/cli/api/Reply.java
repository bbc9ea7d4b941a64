package io.slipway.cli.api;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** One whole HTTP answer, its body read up to {@link ApiClient#MAX_BODY_BYTES}. */
public record Reply(int status, HttpHeaders headers, byte[] body) {
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public String contentType() {
        return headers.firstValue("Content-Type").orElse("");
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }
}
