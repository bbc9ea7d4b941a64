package io.slipway.devstack.hosts;

import io.slipway.protocol.HostId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * Calls {@code POST|DELETE /api/v1/hosts/{id}/enrollment} of an orchestrator, with a bearer token
 * when one is given. The credentials it receives are written to a file only its owner can read.
 */
public final class EnrollmentClient {
    /** Far more than a properties file of four lines; the answer is not read beyond it. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI api;
    private final Optional<String> token;

    /**
     * @param api the orchestrator's base URL, e.g. {@code http://localhost:8080}
     * @param token sent as {@code Authorization: Bearer TOKEN} when present
     */
    public EnrollmentClient(URI api, Optional<String> token) {
        this.api = api;
        this.token = token;
    }

    /**
     * Enrols {@code host} and returns its agent's Kafka client properties.
     *
     * @throws EnrollmentException with the status and the problem's text when refused (409: it is
     *     enrolled already)
     */
    public String enroll(HostId host) {
        Reply r = send(request(host).POST(HttpRequest.BodyPublishers.noBody()).build());
        if (r.statusCode() != 201) {
            throw new EnrollmentException(r.statusCode(), "enrolling " + host + ": " + r.body());
        }
        return r.body();
    }

    /** Revokes {@code host}'s enrolment; true when it was enrolled, false when it was not. */
    public boolean revoke(HostId host) {
        Reply r = send(request(host).DELETE().build());
        if (r.statusCode() != 204 && r.statusCode() != 404) {
            throw new EnrollmentException(r.statusCode(), "revoking " + host + ": " + r.body());
        }
        return r.statusCode() == 204;
    }

    /**
     * The agent's properties file of {@code host}: {@code file} when it exists, else a new
     * enrolment written there. A host enrolled earlier whose file was lost is revoked and enrolled
     * again (its old credentials stop working).
     */
    public Path ensureEnrolled(HostId host, Path file) {
        if (Files.exists(file)) {
            return file;
        }
        String properties;
        try {
            properties = enroll(host);
        } catch (EnrollmentException e) {
            if (e.status() != 409) {
                throw e;
            }
            revoke(host);
            properties = enroll(host);
        }
        writeSecret(file, properties);
        return file;
    }

    /** Writes {@code text} to {@code file} atomically, readable by its owner only. */
    public static void writeSecret(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        tmp,
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(
                    tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private HttpRequest.Builder request(HostId host) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(api.resolve("/api/v1/hosts/" + host.value() + "/enrollment"))
                        .timeout(Duration.ofSeconds(60));
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return b;
    }

    private record Reply(int statusCode, String body) {}

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r =
                    http.send(
                            request,
                            info ->
                                    HttpResponse.BodySubscribers.mapping(
                                            HttpResponse.BodySubscribers.ofInputStream(),
                                            in -> {
                                                try (in) {
                                                    return in.readNBytes(MAX_ANSWER_BYTES);
                                                } catch (IOException e) {
                                                    throw new UncheckedIOException(e);
                                                }
                                            }));
            return new Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EnrollmentException(0, "cannot reach " + api + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnrollmentException(0, "interrupted");
        }
    }

    /** The API refused (status 0: it could not be reached). */
    public static final class EnrollmentException extends RuntimeException {
        private final int status;

        EnrollmentException(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
