package io.slipway.devstack.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Draws the suite's cases from one seeded random: the same seed and corpus give the same cases in
 * the same order (apart from the ids of domains the run itself created, which later cases reuse).
 * Families, by share: mutated descriptions (DTS, DTB, JSON) 55%, bombs 5%, malformed requests with
 * oversized headers, keys, query strings and bodies over the limit 15%, random paths, methods and
 * media types 20%, raw malformed HTTP 5%.
 */
final class CaseGenerator {
    private static final int MAX_BODY = 1 << 20;
    private static final String[] METHODS = {
        "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"
    };
    private static final String[] CONTENT_TYPES = {
        "text/plain",
        "application/octet-stream",
        "application/json",
        "text/plain; charset=utf-8",
        "text/plain; charset=utf-7",
        "application/json;;;",
        "*/*",
        "a/b/c",
        "",
        "image/png",
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "text/*",
        "application/problem+json",
        "TEXT/PLAIN",
        "text/plain; charset=\"\u00e9\"",
        "application/json; charset=nonsense"
    };
    private static final String[] ACCEPTS = {
        "*/*",
        "application/json",
        "text/plain",
        "image/png",
        "text/event-stream",
        "*/*;q=0",
        "application/octet-stream",
        "garbage",
        "text/html",
        "application/problem+json",
        "application/json;q=abc",
        ""
    };
    private static final String[] STATES = {
        "RUNNING", "CREATING", "running", "NOPE", "", "%00", "FAILED,RUNNING", "\u00e9"
    };

    private final Random random;
    private final Corpus corpus;
    private final Mutator mutator;
    private final Bombs bombs;
    private final List<String> knownDomains = new CopyOnWriteArrayList<>();

    CaseGenerator(long seed, Corpus corpus) {
        this.random = new Random(seed);
        this.corpus = corpus;
        this.mutator = new Mutator(random, MAX_BODY);
        this.bombs = new Bombs(random, MAX_BODY);
    }

    /** A domain the run created: later cases read, watch and destroy it. */
    void learnDomain(String id) {
        knownDomains.add(id);
    }

    HostileCase next() {
        int roll = random.nextInt(100);
        if (roll < 25) {
            return description("dts-mutant", "text/plain", mutate(corpus.dts()));
        }
        if (roll < 40) {
            return description("dtb-mutant", "application/octet-stream", mutate(corpus.dtb()));
        }
        if (roll < 55) {
            return description("json-mutant", "application/json", mutate(corpus.json()));
        }
        if (roll < 60) {
            return bomb();
        }
        if (roll < 75) {
            return oversized();
        }
        if (roll < 95) {
            return randomRequest();
        }
        return rawRequest();
    }

    private byte[] mutate(List<byte[]> seeds) {
        return mutator.mutate(seeds.get(random.nextInt(seeds.size())), seeds);
    }

    private HostileCase description(String family, String contentType, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        if (random.nextInt(4) == 0) {
            headers.put("Idempotency-Key", "hostile-" + random.nextInt(50));
        }
        return HostileCase.http(family, "POST", "/api/v1/domains", headers, body);
    }

    private HostileCase bomb() {
        return switch (random.nextInt(5)) {
            case 0 -> description("reference-bomb", "text/plain", bombs.referenceBomb());
            case 1 -> {
                byte[] b = bombs.nestingBomb();
                yield description(
                        "nesting-bomb", b[0] == '/' ? "text/plain" : "application/json", b);
            }
            case 2 -> description("size-bomb", "text/plain", bombs.sizeBomb());
            case 3 -> description("json-bomb", "application/json", bombs.jsonBomb());
            default -> description("blob-bomb", "application/octet-stream", bombs.blobBomb());
        };
    }

    /** Oversized or malformed headers, idempotency keys and query strings. */
    private HostileCase oversized() {
        Map<String, String> headers = new LinkedHashMap<>();
        String path = "/api/v1/domains";
        if (random.nextInt(20) == 0) {
            // over the body limit: refused with 413 while it streams, never buffered whole
            headers.put("Content-Type", random.nextBoolean() ? "text/plain" : "application/json");
            String target =
                    random.nextBoolean()
                            ? path
                            : "/api/v1/hosts/"
                                    + HostileHttpIntegrationTests.HOST
                                    + "/inventory/"
                                    + UUID.randomUUID()
                                    + "/reap";
            return HostileCase.http(
                    "over-limit",
                    "POST",
                    target,
                    headers,
                    randomBytes(MAX_BODY + 1 + random.nextInt(4096)));
        }
        switch (random.nextInt(5)) {
            case 0 -> headers.put("Idempotency-Key", printable(random.nextInt(20_000)));
            case 1 -> headers.put("X-Padding", printable(1 + random.nextInt(40_000)));
            case 2 -> {
                for (int i = 0; i < 1 + random.nextInt(300); i++) {
                    headers.put("X-H" + i, printable(random.nextInt(200)));
                }
            }
            case 3 -> path = path + "?" + query(1 + random.nextInt(200), random.nextInt(30_000));
            default -> path = "/api/v1/domains/" + printableUrl(random.nextInt(30_000));
        }
        if (random.nextBoolean()) {
            headers.put("Content-Type", "text/plain");
            return HostileCase.http(
                    "oversized", "POST", path, headers, corpus.dts().get(0).clone());
        }
        return HostileCase.http("oversized", "GET", path, headers, null);
    }

    private HostileCase randomRequest() {
        String method = METHODS[random.nextInt(METHODS.length)];
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextBoolean()) {
            headers.put("Accept", ACCEPTS[random.nextInt(ACCEPTS.length)]);
        }
        byte[] body = null;
        if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            String type = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            if (!type.isEmpty()) {
                headers.put("Content-Type", type);
            }
            body =
                    switch (random.nextInt(4)) {
                        case 0 -> new byte[0];
                        case 1 ->
                                ("{\"reason\": \"" + printable(random.nextInt(2000)) + "\"}")
                                        .getBytes(StandardCharsets.UTF_8);
                        case 2 -> mutate(corpus.json());
                        default -> randomBytes(random.nextInt(4096));
                    };
        }
        return HostileCase.http("random", method, randomPath(), headers, body);
    }

    private String randomPath() {
        String domain = domainId();
        String host = hostId();
        String uuid =
                random.nextInt(5) == 0
                        ? printableUrl(random.nextInt(60))
                        : UUID.randomUUID().toString();
        String[] paths = {
            "/api/v1/domains",
            "/api/v1/domains/" + domain,
            "/api/v1/domains/" + domain + "/events",
            "/api/v1/domains/" + domain + "/description",
            "/api/v1/domains/" + UUID.randomUUID() + "/watch",
            "/api/v1/hosts",
            "/api/v1/hosts/" + host,
            "/api/v1/hosts/" + host + "/inventory",
            "/api/v1/hosts/" + host + "/inventory/" + uuid + "/reap",
            "/api/v1/hosts/" + host + "/reaps",
            "/api/v1/hosts/" + host + "/reaps/" + uuid,
            "/api/v1/hosts/" + otherHost() + "/drain",
            "/api/v1/hosts/" + otherHost() + "/undrain",
            "/api/v1/admin/outbox",
            "/api/v1/admin/outbox/parked",
            "/api/v1/admin/projections/rebuild",
            "/actuator/health",
            "/actuator/" + printableUrl(random.nextInt(20)),
            "/" + printableUrl(random.nextInt(100)),
            "/api/v1/" + printableUrl(random.nextInt(100)),
            "/api/v1/domains/../hosts",
            "/api/v1/domains/%2e%2e/%2e%2e/etc/passwd",
            "/api/v1/domains;jsessionid=x/" + domain
        };
        String path = paths[random.nextInt(paths.length)];
        if (path.endsWith("/rebuild")) {
            // dry runs only: an applied rebuild under load is an operator's choice, not an attack
            return path + "?dryRun=true";
        }
        if (random.nextInt(3) == 0) {
            path = path + "?" + query(1 + random.nextInt(8), 0);
        }
        return path;
    }

    private String query(int params, int padding) {
        String[] names = {"page", "size", "state", "host", "after", "dryRun", "redrive", "x"};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < params; i++) {
            String name = names[random.nextInt(names.length)];
            if (name.equals("redrive")) {
                name = "redrive-not";
            }
            String value =
                    switch (random.nextInt(6)) {
                        case 0 -> Integer.toString(random.nextInt());
                        case 1 -> Long.toString(random.nextLong());
                        case 2 -> STATES[random.nextInt(STATES.length)];
                        case 3 -> "99999999999999999999";
                        case 4 -> printableUrl(random.nextInt(40));
                        default -> Integer.toString(random.nextInt(600));
                    };
            sb.append(i == 0 ? "" : "&").append(name).append('=').append(value);
        }
        if (padding > 0) {
            sb.append("&pad=").append("p".repeat(padding));
        }
        return sb.toString();
    }

    /** Requests no HTTP library would send, written to the socket as they are. */
    private HostileCase rawRequest() {
        String auth = HostileClient.authorizationLine();
        String[] requests = {
            "FROB /api/v1/domains HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n",
            "GET /api/v1/hosts HTTP/1.1\r\nHost: x\r\nX-Bad: \u00ff\u00fe\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "GET /api/v1/hosts HTTP/1.1\r\nHost: x\r\nNo colon here\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "GET /"
                    + "a".repeat(20_000 + random.nextInt(20_000))
                    + " HTTP/1.1\r\nHost: x\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "GET /api/v1/hosts\r\n\r\n",
            "POST /api/v1/domains HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: 5\r\nContent-Length: 7\r\n"
                    + auth
                    + "Connection: close\r\n\r\nabcde",
            "POST /api/v1/domains HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Content-Length: -1\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "POST /api/v1/domains HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\n"
                    + auth
                    + "Connection: close\r\n\r\n"
                    + "fffffffffffffffffffff\r\nabc\r\n0\r\n\r\n",
            "POST /api/v1/domains HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                    + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n"
                    + auth
                    + "Connection: close\r\n\r\n3;"
                    + "e".repeat(10_000)
                    + "\r\nabc\r\n0\r\n\r\n",
            "GET /api/v1/hosts HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "GET /api/v1/domains/%zz HTTP/1.1\r\nHost: x\r\n" + auth + "Connection: close\r\n\r\n",
            "GET /api/v1/domains/\u00e9\u0001 HTTP/1.1\r\nHost: x\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "\r\n\r\n\r\nGET /api/v1/hosts HTTP/1.1\r\nHost: x\r\n"
                    + auth
                    + "Connection: close\r\n\r\n",
            "GET /api/v1/hosts HTTP/1.1\r\n" + auth + "Connection: close\r\n\r\n"
        };
        return HostileCase.raw("raw", requests[random.nextInt(requests.length)]);
    }

    private String domainId() {
        if (!knownDomains.isEmpty() && random.nextInt(3) > 0) {
            return knownDomains.get(random.nextInt(knownDomains.size()));
        }
        return random.nextBoolean()
                ? UUID.randomUUID().toString()
                : printableUrl(random.nextInt(80));
    }

    private String hostId() {
        return switch (random.nextInt(4)) {
            case 0 -> HostileHttpIntegrationTests.HOST;
            case 1 -> "h-" + random.nextInt(1000);
            case 2 -> printableUrl(random.nextInt(100));
            default -> "x".repeat(64 + random.nextInt(200));
        };
    }

    /** Never the real host: draining it would turn later valid creations into 503s. */
    private String otherHost() {
        String h = hostId();
        return h.equals(HostileHttpIntegrationTests.HOST) ? "h-0" : h;
    }

    private String printable(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return sb.toString();
    }

    /** Characters a URI may carry, percent-escapes included (some malformed). */
    private String printableUrl(int n) {
        String alphabet = "abcXYZ019-._~%!$&'()*+,;=:@";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            if (c == '%') {
                sb.append(random.nextBoolean() ? "%00" : random.nextBoolean() ? "%zz" : "%2F");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Seed inputs: every DTS, DTB and JSON form the tests already hold. */
    record Corpus(List<byte[]> dts, List<byte[]> dtb, List<byte[]> json) {
        Corpus {
            dts = List.copyOf(new ArrayList<>(dts));
            dtb = List.copyOf(new ArrayList<>(dtb));
            json = List.copyOf(new ArrayList<>(json));
        }
    }
}
