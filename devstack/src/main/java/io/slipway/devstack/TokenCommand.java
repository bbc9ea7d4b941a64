package io.slipway.devstack;

import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.cli.HelpOption;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.dev.DevSigningKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code token --data-dir DIR --role R [--tenant T] [--subject S] [--ttl D]}: prints an API token
 * signed with the dev stack's key in DIR, valid for the orchestrator {@code ./slipway dev
 * --data-dir DIR} (or {@code ./slipway orchestrator --data-dir DIR}) runs. Creates the key, saying
 * so on stderr, when DIR has none yet.
 */
@Command(
        name = "token",
        description = {
            "Prints an API token (a signed JWT) valid for the dev stack whose data dir is DIR.",
            "Creates the signing key, saying so on stderr, when DIR has none yet."
        })
final class TokenCommand implements Callable<Integer> {
    @Mixin HelpOption helpOption;

    private static final Duration MAX_TTL = Duration.ofDays(30);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([smhd])");

    private final PrintStream out;
    private final PrintStream err;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            required = true,
            description = "the dev stack's data dir, which holds its API signing key")
    Path dataDir;

    @Option(
            names = "--role",
            paramLabel = "viewer|tenant|operator|admin",
            required = true,
            description = "the token's role")
    String role;

    @Option(
            names = "--tenant",
            paramLabel = "T",
            description = "the tenant a tenant token acts for (required with --role tenant)")
    String tenant;

    @Option(
            names = "--subject",
            paramLabel = "S",
            description = "the token's subject (default: dev-ROLE[-TENANT])")
    String subject;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            defaultValue = "12h",
            description = "90s, 15m, 12h, 7d or PT1H; at most 30d (default: ${DEFAULT-VALUE})")
    String ttl;

    TokenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        if (!ApiTokens.ROLES.contains(role)) {
            throw new UsageException("--role must be one of " + ApiTokens.ROLES + ": " + role);
        }
        Optional<String> tenantName = Optional.ofNullable(tenant);
        if (role.equals("tenant") && tenantName.isEmpty()) {
            throw new UsageException("--role tenant needs --tenant NAME");
        }
        String sub =
                subject != null ? subject : "dev-" + role + tenantName.map(t -> "-" + t).orElse("");
        Duration lifetime = duration(ttl);
        if (!DevSigningKey.exists(dataDir)) {
            err.println("created a new API signing key in " + dataDir);
        }
        DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
        out.println(
                key.mint(
                        new ApiTokens.Claims(sub, List.of(role), tenantName, Optional.empty()),
                        lifetime));
        return 0;
    }

    /** {@code 90s}, {@code 15m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT1H}). */
    static Duration duration(String text) {
        Matcher m = SHORT.matcher(text);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d =
                    switch (m.group(2)) {
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new UsageException("--ttl must be like 90s, 15m, 12h, 7d or PT1H: " + text);
            }
        }
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_TTL) > 0) {
            throw new UsageException("--ttl must be positive and at most 30d: " + text);
        }
        return d;
    }
}
