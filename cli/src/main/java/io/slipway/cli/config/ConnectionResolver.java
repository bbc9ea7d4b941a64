package io.slipway.cli.config;

import io.slipway.cli.CliException;
import io.slipway.cli.ExitCode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a {@link Connection}: for the API URL and the token separately, the command-line option
 * wins, then the environment variable, then the config file ({@code
 * $XDG_CONFIG_HOME/slipway/config}, else {@code ~/.config/slipway/config}; lines {@code api=URL}
 * and {@code token=T}, {@code #} comments). A token is never taken from a file that group or others
 * may read. Pure apart from reading that one file.
 */
public final class ConnectionResolver {
    public static final String API_ENV = "SLIPWAY_API";
    public static final String TOKEN_ENV = "SLIPWAY_TOKEN";
    private static final long MAX_CONFIG_BYTES = 64 * 1024;
    private static final Set<PosixFilePermission> OTHERS =
            EnumSet.of(
                    PosixFilePermission.GROUP_READ,
                    PosixFilePermission.GROUP_WRITE,
                    PosixFilePermission.OTHERS_READ,
                    PosixFilePermission.OTHERS_WRITE);

    private ConnectionResolver() {}

    /** The config file's path for this environment (it need not exist). */
    public static Path configFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base =
                xdg != null && !xdg.isBlank()
                        ? Path.of(xdg)
                        : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")))
                                .resolve(".config");
        return base.resolve("slipway").resolve("config");
    }

    /**
     * @param apiOption {@code --api}, null when not given
     * @param tokenOption {@code --token}, null when not given
     * @throws CliException (usage) for an unusable URL, an unreadable or malformed file, or a token
     *     in a file readable by others
     */
    public static Connection resolve(
            String apiOption, String tokenOption, Map<String, String> env, Path file) {
        Map<String, String> fromFile = null;
        String api = apiOption;
        if (api == null) {
            api = nonBlank(env.get(API_ENV));
        }
        URI apiUri = api == null ? null : uri(api);
        if (apiUri == null) {
            fromFile = read(file);
            api = fromFile.get("api");
            apiUri = api == null ? Connection.DEFAULT_API : uri(api);
        }
        String token = tokenOption;
        String source = "--token";
        if (token == null) {
            token = nonBlank(env.get(TOKEN_ENV));
            source = TOKEN_ENV;
        }
        if (token == null) {
            if (fromFile == null) {
                fromFile = read(file);
            }
            token = fromFile.get("token");
            source = file.toString();
            if (token != null) {
                requirePrivate(file);
            }
        }
        return new Connection(
                api == null ? Connection.DEFAULT_API : uri(api),
                Optional.ofNullable(token),
                source);
    }

    private static String nonBlank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    static URI uri(String text) {
        try {
            URI u = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
                    || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new CliException(
                    ExitCode.USAGE,
                    "not an http(s) URL for the API: '" + text + "' (e.g. http://localhost:8080)");
        }
    }

    /** {@code key=value} lines; an absent file is empty. */
    static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            if (Files.size(file) > MAX_CONFIG_BYTES) {
                throw new CliException(
                        ExitCode.USAGE, "config file " + file + " is larger than 64 KiB");
            }
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                int eq = t.indexOf('=');
                String key = eq < 0 ? t : t.substring(0, eq).strip();
                if (eq < 0 || !(key.equals("api") || key.equals("token"))) {
                    throw new CliException(
                            ExitCode.USAGE, file + ":" + n + ": expected api=URL or token=TOKEN");
                }
                values.put(key, t.substring(eq + 1).strip());
            }
            return values;
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read config file " + file + ": " + e);
        }
    }

    private static void requirePrivate(Path file) {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot check permissions of " + file);
        }
        if (perms.stream().anyMatch(OTHERS::contains)) {
            throw new CliException(
                    ExitCode.USAGE,
                    "refusing to use the token in "
                            + file
                            + ": group or others may read it; run: chmod 600 "
                            + file);
        }
    }
}
