package io.slipway.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.cli.CliException;
import io.slipway.cli.ExitCode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionResolverTests {
    @TempDir Path dir;

    private Path config(String text, String perms) throws Exception {
        Path file = ConnectionResolver.configFile(Map.of("XDG_CONFIG_HOME", dir.toString()));
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(perms));
        return file;
    }

    @Test
    void optionsWinOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
        Path file = config("api=http://file:1\ntoken=file-token\n", "rw-------");
        Map<String, String> env =
                Map.of("SLIPWAY_API", "http://env:2", "SLIPWAY_TOKEN", "env-token");

        Connection fromOptions =
                ConnectionResolver.resolve("http://option:3", "option-token", env, file);
        assertThat(fromOptions.api()).isEqualTo(URI.create("http://option:3"));
        assertThat(fromOptions.token()).contains("option-token");

        Connection fromEnv = ConnectionResolver.resolve(null, null, env, file);
        assertThat(fromEnv.api()).isEqualTo(URI.create("http://env:2"));
        assertThat(fromEnv.token()).contains("env-token");
        assertThat(fromEnv.tokenSource()).isEqualTo("SLIPWAY_TOKEN");

        Connection fromFile = ConnectionResolver.resolve(null, null, Map.of(), file);
        assertThat(fromFile.api()).isEqualTo(URI.create("http://file:1"));
        assertThat(fromFile.token()).contains("file-token");
        assertThat(fromFile.tokenSource()).isEqualTo(file.toString());
    }

    @Test
    void eachValueFallsBackOnItsOwn() throws Exception {
        Path file = config("# comment\n\ntoken = file-token\n", "rw-------");
        Connection c =
                ConnectionResolver.resolve(
                        null, null, Map.of("SLIPWAY_API", "http://env:2/"), file);
        assertThat(c.api()).isEqualTo(URI.create("http://env:2"));
        assertThat(c.token()).contains("file-token");
    }

    @Test
    void withoutAnythingTheDefaultApiAndNoToken() {
        Connection c =
                ConnectionResolver.resolve(null, null, Map.of(), dir.resolve("missing/config"));
        assertThat(c.api()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(c.token()).isEmpty();
    }

    @Test
    void aTokenInAFileOthersCanReadIsRefusedWithTheFixInTheMessage() throws Exception {
        Path file = config("token=secret\n", "rw-r--r--");
        assertThatThrownBy(() -> ConnectionResolver.resolve(null, null, Map.of(), file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("refusing to use the token in " + file)
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("secret")
                .satisfies(
                        e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCode.USAGE));
    }

    @Test
    void anOpenFileIsFineWhenItsTokenIsNotUsed() throws Exception {
        Path file = config("api=http://file:1\ntoken=secret\n", "rw-r--r--");
        Connection c = ConnectionResolver.resolve(null, "option-token", Map.of(), file);
        assertThat(c.api()).isEqualTo(URI.create("http://file:1"));
        assertThat(c.token()).contains("option-token");
    }

    @Test
    void aMalformedLineOrUrlIsAUsageError() throws Exception {
        Path file = config("api http://x\n", "rw-------");
        assertThatThrownBy(() -> ConnectionResolver.resolve(null, null, Map.of(), file))
                .hasMessageContaining(file + ":1: expected api=URL or token=TOKEN");
        assertThatThrownBy(() -> ConnectionResolver.resolve("ftp://x", null, Map.of(), file))
                .hasMessageContaining("not an http(s) URL");
    }

    @Test
    void theFileIsUnderXdgConfigHomeElseUnderHome() {
        assertThat(ConnectionResolver.configFile(Map.of("XDG_CONFIG_HOME", "/x")))
                .isEqualTo(Path.of("/x/slipway/config"));
        assertThat(ConnectionResolver.configFile(Map.of("HOME", "/home/op")))
                .isEqualTo(Path.of("/home/op/.config/slipway/config"));
    }
}
