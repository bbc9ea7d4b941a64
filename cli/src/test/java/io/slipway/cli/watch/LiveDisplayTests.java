package io.slipway.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class LiveDisplayTests {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ESC = "\u001b[";

    @Test
    void theSecondDrawMovesUpOverTheFirstClearsEachLineAndWhatRemainsBelow() {
        var bytes = new ByteArrayOutputStream();
        var display =
                new LiveDisplay(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                        40);
        var view =
                JSON.readTree(
                        """
                        {"id":"d1","state":"CREATING","steps":[
                          {"name":"POPULATE_MEMORY","status":"STARTED","progress":0.5}]}
                        """);
        display.show(view);
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertThat(first)
                .isEqualTo(
                        "\r"
                                + ESC
                                + "2Kdomain d1  CREATING\n"
                                + "\r"
                                + ESC
                                + "2K  > POPULATE_MEMORY      STARTED     [#\n"
                                + ESC
                                + "J");
        bytes.reset();
        display.show(view);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).startsWith(ESC + "2A\r" + ESC + "2K");
    }

    @Test
    void aNoteStaysAboveTheRedrawnList() {
        var bytes = new ByteArrayOutputStream();
        var display =
                new LiveDisplay(
                        new PrintStream(bytes, true, StandardCharsets.UTF_8),
                        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
                        80);
        display.show(JSON.readTree("{\"id\":\"d1\",\"state\":\"CREATING\",\"steps\":[]}"));
        bytes.reset();
        display.note("stream dropped; reconnecting");
        display.show(JSON.readTree("{\"id\":\"d1\",\"state\":\"RUNNING\",\"steps\":[]}"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .startsWith(ESC + "1A\r" + ESC + "2Kstream dropped; reconnecting\n")
                .contains(ESC + "1A\r" + ESC + "2Kdomain d1  RUNNING\n");
    }
}
