package io.slipway.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live progress display on a real terminal: tmux runs the CLI's executable jar ({@code domains
 * create --wait}) in a 120x40 pane against the dev stack, and the test reads the screen with {@code
 * capture-pane} as a person would see it. The guest asks for 8 GiB, so that POPULATE_MEMORY takes
 * about 8 s on the half-speed simulated hosts. Skipped where tmux is not installed.
 */
@ExtendWith(DevStack.Extension.class)
class LiveProgressTerminalIntegrationTests {
    private static final Pattern POPULATE_BAR =
            Pattern.compile("POPULATE_MEMORY\\s+(?:STARTED|DISPATCHED)\\s+\\[#*-*\\]\\s+(\\d+)%");

    @TempDir Path dir;
    private final String socket = "slipway-cli-it-" + ProcessHandle.current().pid();

    @AfterEach
    void killOurTmuxServer() throws Exception {
        tmux("kill-server");
    }

    @Test
    void theBarOfPopulateMemoryAdvancesInPlaceAndTheFinalScreenSaysRunning(DevStack stack)
            throws Exception {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/tmux")) || onPath("tmux"),
                "tmux is not installed");
        Path guest = dir.resolve("big-pvh.dts");
        Files.writeString(
                guest,
                Files.readString(DevStack.examples().resolve("tiny-pvh.dts"))
                        .replace(
                                "[3f 2a 9c 10 5b 7e 4d 21 a0 c4 11 22 33 44 55 66]",
                                "[5e 11 7a 1e 00 00 4b 1d 9e 5a 00 00 00 00 00 08]")
                        .replace("\"tiny-01\"", "\"tmux-01\"")
                        .replace("<0x0 0x80000>", "<0x0 0x800000>"));
        Path script = dir.resolve("run.sh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "export SLIPWAY_API='" + stack.api() + "'",
                        "export SLIPWAY_TOKEN='" + stack.token() + "'",
                        "java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar '"
                                + DevStack.jar("slipway.cli.jar")
                                + "' domains create '"
                                + guest
                                + "' --wait",
                        "echo \"EXIT=$?\"",
                        "sleep 600",
                        ""));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

        tmux("new-session", "-d", "-s", "cli", "-x", "120", "-y", "40", script.toString());

        List<String> screens = new ArrayList<>();
        TreeSet<Integer> percents = new TreeSet<>();
        await("the CLI to finish")
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(150))
                .until(
                        () -> {
                            String screen = tmux("capture-pane", "-p", "-t", "cli");
                            screens.add(screen);
                            Matcher m = POPULATE_BAR.matcher(screen);
                            while (m.find()) {
                                percents.add(Integer.parseInt(m.group(1)));
                            }
                            return screen.contains("EXIT=");
                        });
        String last = screens.get(screens.size() - 1);

        assertThat(percents)
                .as("POPULATE_MEMORY's bar was seen at several fractions; last screen:%n%s", last)
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(last).contains("EXIT=0");
        assertThat(last).containsPattern("domain [0-9a-f-]{36} \\(tmux-01\\)  RUNNING on host-\\d");
        assertThat(last).containsPattern("\\+ POPULATE_MEMORY\\s+SUCCEEDED");
        assertThat(last.lines().filter(l -> l.contains("POPULATE_MEMORY")).count())
                .as("redrawn in place, not scrolled: one POPULATE_MEMORY line on the final screen")
                .isEqualTo(1);
        assertThat(last).doesNotContain("\u001b", "[2K");

        // the domain is destroyed again so that other tests see only their own
        var id = Pattern.compile("domain ([0-9a-f-]{36}) \\(tmux-01\\)").matcher(last);
        assertThat(id.find()).isTrue();
        var rm =
                CliRun.run(
                        java.util.Map.of(
                                "SLIPWAY_API", stack.api(), "SLIPWAY_TOKEN", stack.token()),
                        "domains",
                        "rm",
                        id.group(1),
                        "--wait",
                        "--plain");
        assertThat(rm.exit()).as("%s", rm).isZero();
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", socket));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(":")) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
