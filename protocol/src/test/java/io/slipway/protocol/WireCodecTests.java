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
    void aCommandIsNotAReport() {
        String reap =
                codec.encode(
                        new HostCommand.ReapDomain(
                                ref, host, UUID.randomUUID(), UUID.randomUUID(), "x"));
        assertThatThrownBy(() -> codec.decodeReport(reap))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unknown message type 'ReapDomain'");
    }
}
