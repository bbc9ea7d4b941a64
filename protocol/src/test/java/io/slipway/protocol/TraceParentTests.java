package io.slipway.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceParentTests {
    private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aVersion00HeaderIsReadAndWrittenBackUnchanged() {
        TraceParent t = TraceParent.parse(SAMPLED);
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.spanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(t.sampled()).isTrue();
        assertThat(t).hasToString(SAMPLED);
        assertThat(TraceParent.parse(SAMPLED.replace("-01", "-00")).sampled()).isFalse();
    }

    @Test
    void aChildKeepsTheTraceAndTheSamplingWithANewSpan() {
        TraceParent parent = TraceParent.parse(SAMPLED);
        TraceParent child = parent.child();
        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.sampled()).isTrue();
        assertThat(child.spanId()).hasSize(16).isNotEqualTo(parent.spanId());
        assertThat(TraceParent.parse(child.toString())).isEqualTo(child);
    }

    @Test
    void aMalformedHeaderIsNoHeader() {
        assertThat(TraceParent.parse(null)).isNull();
        assertThat(TraceParent.parse("")).isNull();
        assertThat(TraceParent.parse(SAMPLED.toUpperCase())).isNull();
        assertThat(TraceParent.parse("01" + SAMPLED.substring(2))).isNull();
        assertThat(TraceParent.parse(SAMPLED + "-extra")).isNull();
        assertThat(TraceParent.parse("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).isNull();
        assertThat(
                        TraceParent.parse(
                                "00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0".repeat(16) + "-01"))
                .isNull();
        assertThat(TraceParent.parse(SAMPLED.replace('a', 'g'))).isNull();
    }
}
