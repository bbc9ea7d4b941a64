package io.slipway.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseReaderTests {
    private static SseReader reader(String text, int maxLine) {
        return new SseReader(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                Duration.ofSeconds(30),
                maxLine,
                1000);
    }

    @Test
    void eventsWithIdsNamesMultiLineDataAndCommentsAsTheOrchestratorWritesThem()
            throws IOException {
        try (SseReader r =
                reader(
                        ":keepalive\n\nid:3\nevent:StepStarted\ndata:{\"a\":1}\n\n"
                                + "event: reconnect\r\ndata: x\r\ndata: y\r\n\r\n",
                        1000)) {
            assertThat(r.next()).isEqualTo(new SseEvent("3", "StepStarted", "{\"a\":1}"));
            assertThat(r.next()).isEqualTo(new SseEvent(null, "reconnect", "x\ny"));
            assertThat(r.next()).isNull();
        }
    }

    @Test
    void aLineOverTheCapEndsTheStream() {
        SseReader r = reader("data:" + "x".repeat(200) + "\n\n", 100);
        assertThatThrownBy(r::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("more than 100 bytes");
        r.close();
    }

    @Test
    void anEventOverTheCapEndsTheStream() {
        SseReader r =
                reader("data:" + "x".repeat(600) + "\ndata:" + "x".repeat(600) + "\n\n", 1000);
        assertThatThrownBy(r::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("an event of more than 1000");
        r.close();
    }

    @Test
    void silenceLongerThanTheIdleLimitEndsTheStreamAndClearsTheInterrupt() throws IOException {
        var in = new PipedInputStream();
        var out = new PipedOutputStream(in);
        out.write(":hello\n".getBytes(StandardCharsets.UTF_8));
        SseReader r = new SseReader(in, Duration.ofMillis(300), 1000, 1000);
        assertThatThrownBy(r::next)
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no data for");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        r.close();
        out.close();
    }
}
