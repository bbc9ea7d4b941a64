package io.slipway.agent.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NewcArchiveTests {
    @TempDir Path dir;

    @Test
    void busyboxCpioReadsBackEveryEntryWithItsTypeModeAndContent() throws IOException {
        Optional<Path> busybox = HostChecks.executable("busybox");
        assumeTrue(
                HostChecks.requireOrSkip(
                        busybox.isPresent() ? Optional.empty() : Optional.of("no busybox")));
        Path archive = dir.resolve("a.cpio");
        try (OutputStream out = Files.newOutputStream(archive)) {
            write(out);
        }

        Exec.Result listing =
                Exec.run(
                        new ProcessBuilder(busybox.get().toString(), "cpio", "-t", "-v")
                                .redirectInput(archive.toFile()),
                        Duration.ofSeconds(30));
        assertThat(listing.exitCode()).as(listing.stderr()).isZero();
        // busybox's listing: mode, uid/gid, size, mtime, name
        assertThat(listing.stdout().lines().map(l -> l.replaceAll(" +", " ")))
                .containsExactly(
                        "drwxr-xr-x 0/0 0 1970-01-01 00:00:00 bin",
                        "-rwxr-xr-x 0/0 5 1970-01-01 00:00:00 bin/hello",
                        "-rw-r--r-- 0/0 0 1970-01-01 00:00:00 empty",
                        "crw------- 0/0 0 1970-01-01 00:00:00 dev-console");

        Path extracted = Files.createDirectories(dir.resolve("x"));
        Exec.run(
                        new ProcessBuilder(
                                        busybox.get().toString(), "cpio", "-i", "-d", "bin/hello")
                                .directory(extracted.toFile())
                                .redirectInput(archive.toFile()),
                        Duration.ofSeconds(30))
                .orThrow();
        assertThat(extracted.resolve("bin/hello")).hasContent("hello");
    }

    @Test
    void theSameEntriesAlwaysGiveTheSameBytes() throws IOException {
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        write(first);
        write(second);

        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
        assertThat(first.size() % 4).isZero();
        assertThat(new String(first.toByteArray(), StandardCharsets.US_ASCII))
                .startsWith("070701")
                .contains("TRAILER!!!");
    }

    private static void write(OutputStream out) throws IOException {
        NewcArchive archive = new NewcArchive(out);
        archive.directory("bin", 0755);
        archive.file("bin/hello", 0755, "hello".getBytes(StandardCharsets.US_ASCII));
        archive.file("empty", 0644, new byte[0]);
        archive.characterDevice("dev-console", 0600, 5, 1);
        archive.finish();
    }

    @Test
    void namesOfEveryLengthKeepTheDataAligned() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NewcArchive archive = new NewcArchive(out);
        for (String name : List.of("a", "ab", "abc", "abcd", "abcde")) {
            archive.file(name, 0644, name.getBytes(StandardCharsets.US_ASCII));
        }
        archive.finish();
        String text = new String(out.toByteArray(), StandardCharsets.US_ASCII);

        // each entry's data follows its NUL-terminated name padded to a multiple of four bytes
        int at = 0;
        for (String name : List.of("a", "ab", "abc", "abcd", "abcde")) {
            int header = text.indexOf("070701", at);
            assertThat(header % 4).isZero();
            int data = header + 110 + name.length() + 1;
            data += (4 - data % 4) % 4;
            assertThat(text.substring(data, data + name.length())).isEqualTo(name);
            at = data + name.length();
        }
    }
}
