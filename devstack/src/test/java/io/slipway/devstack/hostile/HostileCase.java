package io.slipway.devstack.hostile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * One request of the suite. Either an HTTP request ({@code raw == null}), sent with {@code
 * java.net.http}, or raw bytes written to a socket as they are (for what that client refuses to
 * send: odd methods, oversized or malformed request lines and headers).
 *
 * @param family what generated it, for the report
 */
record HostileCase(
        String family,
        String method,
        String path,
        Map<String, String> headers,
        byte[] body,
        byte[] raw) {

    static HostileCase http(
            String family, String method, String path, Map<String, String> headers, byte[] body) {
        return new HostileCase(family, method, path, Map.copyOf(headers), body, null);
    }

    static HostileCase raw(String family, String request) {
        return new HostileCase(
                family, "RAW", "", Map.of(), null, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What identifies a failing case in the report: its family, target, size and hash. */
    String describe() {
        byte[] bytes = raw != null ? raw : body == null ? new byte[0] : body;
        String target = raw != null ? "(raw request)" : method + " " + abbreviate(path);
        return family + " " + target + " " + bytes.length + " bytes sha256=" + sha256(bytes);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 120) + "...(" + s.length() + " chars)";
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
