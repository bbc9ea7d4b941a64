package io.slipway.devstack;

import io.slipway.apitoken.ApiTokens;
import io.slipway.devstack.cli.Args;
import io.slipway.devstack.cli.UsageException;
import io.slipway.devstack.dev.DevSigningKey;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code token --data-dir DIR --role R [--tenant T] [--subject S] [--ttl D]}: prints an API token
 * signed with the dev stack's key in DIR, valid for the orchestrator {@code ./slipway dev
 * --data-dir DIR} (or {@code ./slipway orchestrator --data-dir DIR}) runs. Creates the key, saying
 * so on stderr, when DIR has none yet.
 */
final class TokenCommand {
    static final Duration DEFAULT_TTL = Duration.ofHours(12);
    private static final Duration MAX_TTL = Duration.ofDays(30);
    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([smhd])");

    private TokenCommand() {}

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Args args = Args.parse(argv, Set.of("data-dir", "role", "tenant", "subject", "ttl"));
        String role =
                args.string("role").orElseThrow(() -> new UsageException("--role is required"));
        if (!ApiTokens.ROLES.contains(role)) {
            throw new UsageException("--role must be one of " + ApiTokens.ROLES + ": " + role);
        }
        Optional<String> tenant = args.string("tenant");
        if (role.equals("tenant") && tenant.isEmpty()) {
            throw new UsageException("--role tenant needs --tenant NAME");
        }
        String subject =
                args.string("subject").orElse("dev-" + role + tenant.map(t -> "-" + t).orElse(""));
        Duration ttl = args.string("ttl").map(TokenCommand::duration).orElse(DEFAULT_TTL);
        Path dataDir = args.requiredPath("data-dir");
        if (!DevSigningKey.exists(dataDir)) {
            err.println("created a new API signing key in " + dataDir);
        }
        DevSigningKey key = DevSigningKey.loadOrCreate(dataDir);
        out.println(
                key.mint(
                        new ApiTokens.Claims(subject, List.of(role), tenant, Optional.empty()),
                        ttl));
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
