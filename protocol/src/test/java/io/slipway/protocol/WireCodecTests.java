package io.slipway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class WireCodecTests {
    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private final WireCodec codec = new WireCodec(Clock.fixed(T, ZoneOffset.UTC));
    private final HostId host = HostId.of("host-1");
    private final StepRef ref = new StepRef(DomainId.random(), StepName.KILL_DOMAIN, 3, 2);

    @Test
    void everyCommandSurvivesTheWire() throws Exception {
        List<HostCommand> commands =
                List.of(
                        new HostCommand.CancelStep(ref, host, "superseded"),
                        new HostCommand.ReapDomain(
                                ref, host, UUID.randomUUID(), UUID.randomUUID(), "stale copy"));
        for (HostCommand c : commands) {
            assertThat(codec.decodeCommand(codec.encode(c))).isEqualTo(c);
        }
    }

    @Test
    void everyReportSurvivesTheWireWithItsOwnMessageId() throws Exception {
        UUID reap = UUID.randomUUID();
        List<HostReport> reports =
                List.of(
                        new HostReport.StepStarted(ref, host, T),
                        new HostReport.StepProgressed(ref, host, 0.5, Map.of("pages", "7"), T),
                        new HostReport.StepSucceeded(
                                ref, host, Map.of("domid", "4"), T.minusMillis(3), T),
                        new HostReport.StepFailed(
                                ref, host, FailureCode.HYPERVISOR_ERROR, "boom", true, T),
                        new HostReport.DomainReaped(ref, host, reap, T),
                        new HostReport.ReapFailed(
                                ref, host, reap, FailureCode.STALE_EPOCH, "owned", false, T));
        for (HostReport r : reports) {
            assertThat(codec.decodeReport(codec.encode(r))).isEqualTo(r);
        }
        assertThat(reports.stream().map(HostReport::messageId).distinct()).hasSize(reports.size());
    }

    @Test
    void theEnvelopeNamesItsFieldsInOrderAndCarriesThePayloadAsItsOwnJson() throws Exception {
        var mapper = tools.jackson.databind.json.JsonMapper.builder().build();
        HostReport report = new HostReport.StepStarted(ref, host, T);
        JsonNode wire = mapper.readTree(codec.encode(report));

        assertThat(wire.propertyNames())
                .containsExactly(
                        "v",
                        "type",
                        "messageId",
                        "domainId",
                        "hostId",
                        "epoch",
                        "attempt",
                        "step",
                        "sentAt",
                        "payload");
        assertThat(wire.get("type").asString()).isEqualTo("StepStarted");
        assertThat(wire.get("messageId").asString()).isEqualTo(report.messageId().toString());
        assertThat(wire.get("step").asString()).isEqualTo("KILL_DOMAIN");
        assertThat(wire.get("sentAt").asString()).isEqualTo(T.toString());
        assertThat(mapper.writeValueAsString(wire.get("payload")))
                .isEqualTo(mapper.writeValueAsString(report));
        HostHeartbeat beat =
                new HostHeartbeat(
                        host,
                        UUID.randomUUID(),
                        new HostHeartbeat.Capacity("x86_64", 1024, 2, List.of()),
                        null,
                        T);
        assertThat(mapper.readTree(codec.encode(beat)).get("domainId").isNull()).isTrue();
    }

    @Test
    void aCommandIsNotAReport() {
        String reap =
                codec.encode(
                        new HostCommand.ReapDomain(
                                ref, host, UUID.randomUUID(), UUID.randomUUID(), "x"));
        assertThatThrownBy(() -> codec.decodeReport(reap))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unknown message type 'ReapDomain'");
    }

    @Test
    void aFullAndASlimHeartbeatSurviveTheWire() throws Exception {
        HostHeartbeat full = heartbeat(List.of(entry()));
        HostHeartbeat slim = full.slim();

        assertThat(codec.decodeHeartbeat(codec.encode(full))).isEqualTo(full);
        HostHeartbeat decoded = codec.decodeHeartbeat(codec.encode(slim));
        assertThat(decoded).isEqualTo(slim);
        assertThat(decoded.inventory()).isNull();
        assertThat(decoded.hasInventory()).isFalse();
        assertThat(codec.mapper().readTree(codec.encode(slim)).path("payload").has("inventory"))
                .as("the field keeps its name, null")
                .isTrue();
    }

    @Test
    void aHeartbeatWithoutTheInventoryFieldIsSlim() throws Exception {
        String json = withPayloadField(heartbeat(List.of()), "inventory", null);
        assertThat(json).doesNotContain("inventory");

        assertThat(codec.decodeHeartbeat(json).inventory()).isNull();
    }

    @Test
    void aHeartbeatMissingWhatEveryHeartbeatCarriesIsMalformed() {
        for (String field : List.of("hostId", "incarnation", "capacity", "sentAt")) {
            String json = withPayloadField(heartbeat(null), field, "null");
            assertThatThrownBy(() -> codec.decodeHeartbeat(json), field)
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageContaining("HostHeartbeat payload does not fit");
        }
    }

    @Test
    void aPresentInventoryIsStillValidatedEntryByEntry() {
        for (String inventory :
                List.of(
                        "{}",
                        "\"none\"",
                        "[null]",
                        "[{\"domid\":1,\"devices\":[]}]",
                        "[{\"handle\":\"" + UUID.randomUUID() + "\",\"domid\":1}]",
                        "[{\"handle\":\"not-a-uuid\",\"domid\":1,\"devices\":[]}]")) {
            String json = withPayloadField(heartbeat(List.of()), "inventory", inventory);
            assertThatThrownBy(() -> codec.decodeHeartbeat(json), inventory)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    private HostHeartbeat heartbeat(List<HostHeartbeat.InventoryEntry> inventory) {
        return new HostHeartbeat(
                host,
                UUID.randomUUID(),
                new HostHeartbeat.Capacity("x86_64", 1L << 30, 8, List.of("0000:3b:00.0"), "sim"),
                inventory,
                T);
    }

    private static HostHeartbeat.InventoryEntry entry() {
        return new HostHeartbeat.InventoryEntry(
                UUID.randomUUID(),
                7,
                new DomainMarker(DomainId.random(), 2, 1, DomainMarker.State.READY),
                2,
                4096,
                false,
                List.of("vif/0", "pci/0000:3b:00.0"));
    }

    /** The encoded heartbeat with one payload field replaced by raw JSON, or removed (null). */
    private String withPayloadField(HostHeartbeat heartbeat, String field, String rawJson) {
        JsonNode root = codec.mapper().readTree(codec.encode(heartbeat));
        ObjectNode payload = (ObjectNode) root.get("payload");
        if (rawJson == null) {
            payload.remove(field);
        } else {
            payload.set(field, codec.mapper().readTree(rawJson));
        }
        return codec.mapper().writeValueAsString(root);
    }
}
