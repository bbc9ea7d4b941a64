package io.slipway.agent.telemetry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends spans to an OpenTelemetry collector over OTLP/HTTP with the JSON encoding ({@code POST
 * .../v1/traces}). A bounded queue and one daemon thread: {@link #offer} never blocks a step (a
 * full queue drops the span and counts it), the thread sends batches of up to {@link #BATCH} spans,
 * at the latest {@link #FLUSH_INTERVAL} after the first of them was queued. A collector that is
 * down or slow costs dropped spans and one warning per failure streak, never a step. Created only
 * when an endpoint is configured; thread-safe.
 */
public final class OtlpHttpSpanExporter implements SpanSink {
    static final int QUEUE_CAPACITY = 2048;
    static final int BATCH = 256;
    static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(7);
    private static final Logger log = LoggerFactory.getLogger(OtlpHttpSpanExporter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Queued by {@link #close} to wake the sender at once; never sent. */
    private static final FinishedSpan WAKE =
            new FinishedSpan("", "", "", "", Instant.EPOCH, Instant.EPOCH, Map.of(), null);

    private final URI tracesUri;
    private final Map<String, Object> resource;
    private final BlockingQueue<FinishedSpan> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final HttpClient http;
    private final Thread sender;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;
    private boolean failing;

    private OtlpHttpSpanExporter(URI endpoint, Map<String, String> resourceAttributes) {
        this.tracesUri = tracesUri(endpoint);
        this.resource = Map.of("attributes", attributes(new LinkedHashMap<>(resourceAttributes)));
        this.http =
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(SEND_TIMEOUT)
                        .build();
        this.sender = new Thread(this::sendLoop, "otlp-spans");
        sender.setDaemon(true);
    }

    /**
     * Starts the exporter's thread.
     *
     * @param endpoint the collector's OTLP/HTTP base URL ({@code http://collector:4318}) or its
     *     traces URL ({@code .../v1/traces})
     * @param resourceAttributes e.g. {@code service.name}, {@code host.name}
     */
    public static OtlpHttpSpanExporter start(URI endpoint, Map<String, String> resourceAttributes) {
        var exporter = new OtlpHttpSpanExporter(endpoint, resourceAttributes);
        exporter.sender.start();
        return exporter;
    }

    /** The URL spans are posted to: {@code endpoint} itself when it ends in {@code /v1/traces}. */
    static URI tracesUri(URI endpoint) {
        String url = endpoint.toString();
        if (url.endsWith("/v1/traces")) {
            return endpoint;
        }
        return URI.create(url.endsWith("/") ? url + "v1/traces" : url + "/v1/traces");
    }

    @Override
    public void offer(FinishedSpan span) {
        if (closed || !queue.offer(span)) {
            dropped.incrementAndGet();
        }
    }

    /** Spans dropped because the queue was full, the exporter closed or the collector failed. */
    public long dropped() {
        return dropped.get();
    }

    /** Spans the collector accepted. */
    public long sent() {
        return sent.get();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(WAKE); // when full, the sender is busy and sees closed after this batch
        try {
            sender.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.interrupt();
        queue.remove(WAKE);
        dropped.addAndGet(queue.size());
        queue.clear();
    }

    private void sendLoop() {
        List<FinishedSpan> batch = new ArrayList<>(BATCH);
        try {
            while (true) {
                FinishedSpan first = closed ? queue.poll() : queue.take();
                if (first == null) {
                    return;
                }
                if (first != WAKE) {
                    batch.add(first);
                }
                long deadline = System.nanoTime() + FLUSH_INTERVAL.toNanos();
                while (batch.size() < BATCH && !closed) {
                    FinishedSpan next =
                            queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (next == null || next == WAKE) {
                        break;
                    }
                    batch.add(next);
                }
                queue.drainTo(batch, BATCH - batch.size());
                batch.remove(WAKE);
                if (!batch.isEmpty()) {
                    send(batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: what is still queued is counted as dropped there.
            dropped.addAndGet(batch.size());
        }
    }

    private void send(List<FinishedSpan> batch) {
        try {
            HttpRequest request =
                    HttpRequest.newBuilder(tracesUri)
                            .timeout(SEND_TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body(batch)))
                            .build();
            HttpResponse<Void> response =
                    http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                failed(batch, "HTTP " + response.statusCode());
                return;
            }
            sent.addAndGet(batch.size());
            if (failing) {
                log.info("spans are reaching {} again", tracesUri);
                failing = false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(batch, "closed while sending");
        } catch (Exception e) {
            failed(batch, e.toString());
        }
    }

    private void failed(List<FinishedSpan> batch, String why) {
        dropped.addAndGet(batch.size());
        if (!failing) {
            log.warn(
                    "dropping spans: {} refused them ({}); retrying with the next batch",
                    tracesUri,
                    why);
            failing = true;
        }
    }

    /** The OTLP/JSON {@code ExportTraceServiceRequest} for {@code spans}. */
    byte[] body(List<FinishedSpan> spans) {
        List<Map<String, Object>> encoded = new ArrayList<>(spans.size());
        for (FinishedSpan s : spans) {
            Map<String, Object> span = new LinkedHashMap<>();
            span.put("traceId", s.traceId());
            span.put("spanId", s.spanId());
            span.put("parentSpanId", s.parentSpanId());
            span.put("name", s.name());
            span.put("kind", 5); // SPAN_KIND_CONSUMER: the step runs on a command taken from Kafka
            span.put("startTimeUnixNano", Long.toString(nanos(s.start())));
            span.put("endTimeUnixNano", Long.toString(nanos(s.end())));
            span.put("attributes", attributes(s.attributes()));
            span.put(
                    "status",
                    s.errorMessage() == null
                            ? Map.of("code", 1)
                            : Map.of("code", 2, "message", s.errorMessage()));
            encoded.add(span);
        }
        Map<String, Object> scope =
                Map.of("scope", Map.of("name", "io.slipway.agent"), "spans", encoded);
        return JSON.writeValueAsBytes(
                Map.of(
                        "resourceSpans",
                        List.of(Map.of("resource", resource, "scopeSpans", List.of(scope)))));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static List<Map<String, Object>> attributes(Map<String, ?> attributes) {
        List<Map<String, Object>> list = new ArrayList<>(attributes.size());
        attributes.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> list.add(Map.of("key", e.getKey(), "value", value(e.getValue()))));
        return list;
    }

    private static Map<String, Object> value(Object v) {
        if (v instanceof Long || v instanceof Integer) {
            return Map.of("intValue", v.toString()); // int64 is a string in OTLP/JSON
        }
        if (v instanceof Boolean b) {
            return Map.of("boolValue", b);
        }
        return Map.of("stringValue", String.valueOf(v));
    }
}
