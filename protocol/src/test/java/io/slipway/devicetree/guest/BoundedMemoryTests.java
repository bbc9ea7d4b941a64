package io.slipway.devicetree.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bomb corpus in a child JVM with a 64 MiB heap and a 256 KiB thread stack: every case is
 * answered and the process neither runs out of memory nor overflows its stack. The heap is less
 * than a tenth of what the shipped reference bomb needed before the limits existed (it died with
 * 512 MiB), and the stack is a quarter of the default, so bounded memory and recursion are what let
 * it pass. {@code -XX:+ExitOnOutOfMemoryError} makes an OOM anywhere end the child at once.
 */
class BoundedMemoryTests {
    @Test
    void everyBombIsAnsweredWithA64MibHeapAndASmallStack() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                List.of(
                        java,
                        "-Xmx64m",
                        "-Xss256k",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        BombRunner.class.getName());
        Process child =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = child.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }

        assertThat(finished).as("child finished; output:%n%s", output).isTrue();
        assertThat(child.exitValue()).as("exit code; output:%n%s", output).isZero();
        assertThat(output).contains("bombs: " + Bombs.all().size() + " cases, 0 failed");
    }
}
