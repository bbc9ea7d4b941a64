package io.slipway.protocol;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes and decodes every Kafka message as JSON inside the envelope {@code {v, type, messageId,
 * domainId, hostId, epoch, attempt, step, sentAt, payload}} (DESIGN.md §5). Thread-safe.
 */
public final class WireCodec {
    /** The only envelope version this build understands. */
    public static final int VERSION = 1;

    private static final Map<String, Class<? extends HostCommand>> COMMANDS =
            Map.of(
                    "ExecuteStep", HostCommand.ExecuteStep.class,
                    "CancelStep", HostCommand.CancelStep.class,
                    "ReapDomain", HostCommand.ReapDomain.class);
    private static final Map<String, Class<? extends HostReport>> REPORTS =
            Map.of(
                    "StepStarted", HostReport.StepStarted.class,
                    "StepProgressed", HostReport.StepProgressed.class,
                    "StepSucceeded", HostReport.StepSucceeded.class,
                    "StepFailed", HostReport.StepFailed.class,
                    "DomainReaped", HostReport.DomainReaped.class,
                    "ReapFailed", HostReport.ReapFailed.class);
    private static final String HEARTBEAT = "HostHeartbeat";

    private final JsonMapper mapper;
    private final Clock clock;

    public WireCodec(Clock clock) {
        this.clock = clock;
        this.mapper =
                JsonMapper.builder()
                        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                        .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    public String encode(HostCommand command) {
        StepRef ref = command.ref();
        return envelope(
                command.getClass().getSimpleName(),
                ref.messageId("command/" + command.getClass().getSimpleName()),
                ref,
                command.hostId(),
                command);
    }

    public String encode(HostReport report) {
        return envelope(
                report.getClass().getSimpleName(),
                report.messageId(),
                report.ref(),
                report.hostId(),
                report);
    }

    public String encode(HostHeartbeat heartbeat) {
        return envelope(HEARTBEAT, UUID.randomUUID(), null, heartbeat.hostId(), heartbeat);
    }

    public HostCommand decodeCommand(String json) throws MalformedMessageException {
        return decode(json, COMMANDS);
    }

    public HostReport decodeReport(String json) throws MalformedMessageException {
        return decode(json, REPORTS);
    }

    /**
     * Decodes a heartbeat, full or slim: an absent or null {@code inventory} is a slim one (see
     * {@link HostHeartbeat}); a present one must be a list of well-formed entries.
     */
    public HostHeartbeat decodeHeartbeat(String json) throws MalformedMessageException {
        return decode(json, Map.of(HEARTBEAT, HostHeartbeat.class));
    }

    /**
     * Writes the envelope and its payload in one pass (the payload is not built as a tree first):
     * the same bytes, field for field, at half the work.
     */
    private String envelope(String type, UUID messageId, StepRef ref, HostId host, Object payload) {
        java.io.StringWriter out = new java.io.StringWriter(512);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("v", VERSION);
            g.writeStringProperty("type", type);
            g.writeStringProperty("messageId", messageId.toString());
            if (ref == null) {
                g.writeNullProperty("domainId");
            } else {
                g.writeStringProperty("domainId", ref.domainId().toString());
            }
            g.writeStringProperty("hostId", host.value());
            if (ref != null) {
                g.writeNumberProperty("epoch", ref.epoch());
                g.writeNumberProperty("attempt", ref.attempt());
                g.writeStringProperty("step", ref.step().name());
            }
            g.writeStringProperty("sentAt", Instant.now(clock).toString());
            g.writeName("payload");
            g.writePOJO(payload);
            g.writeEndObject();
        }
        return out.toString();
    }

    private <T> T decode(String json, Map<String, ? extends Class<? extends T>> types)
            throws MalformedMessageException {
        if (json == null) {
            throw new MalformedMessageException("empty message");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new MalformedMessageException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedMessageException("envelope is not a JSON object");
        }
        JsonNode v = root.get("v");
        if (v == null || !v.isInt()) {
            throw new MalformedMessageException("envelope has no integer 'v'");
        }
        if (v.intValue() != VERSION) {
            throw new MalformedMessageException("unsupported envelope version " + v.intValue());
        }
        JsonNode typeNode = root.get("type");
        String type = typeNode == null ? null : typeNode.asString(null);
        Class<? extends T> target = type == null ? null : types.get(type);
        if (target == null) {
            throw new MalformedMessageException("unknown message type '" + type + "' here");
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new MalformedMessageException(type + " has no payload object");
        }
        try {
            return mapper.treeToValue(payload, target);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new MalformedMessageException(
                    type + " payload does not fit: " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
