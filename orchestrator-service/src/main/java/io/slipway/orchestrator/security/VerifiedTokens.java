package io.slipway.orchestrator.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A {@link JwtDecoder} that remembers the tokens it has verified, until they expire and for at most
 * {@link #MAX_AGE}: a client sends the same bearer token with every request, and checking its
 * signature each time cost 7 % of the orchestrator's CPU under load (BENCHMARKS.md). A token is
 * remembered by its exact text and only once the wrapped decoder accepted it (signature, {@code
 * exp}, {@code nbf}, issuer and Slipway's rules), so no other text can match it; a refused token is
 * never remembered. At most {@link #CAPACITY} tokens, the least recently used forgotten first, so a
 * flood of distinct tokens costs no more than the bound. {@code MAX_AGE} bounds how long a key
 * withdrawn from the issuer's key set still admits a token it signed.
 */
final class VerifiedTokens implements JwtDecoder {
    static final int CAPACITY = 4096;
    static final Duration MAX_AGE = Duration.ofMinutes(5);

    private record Verified(Jwt jwt, Instant until) {}

    private final JwtDecoder decoder;
    private final Clock clock;
    private final Map<String, Verified> verified =
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
                    return size() > CAPACITY;
                }
            };

    VerifiedTokens(JwtDecoder decoder, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Verified known;
        synchronized (verified) {
            known = verified.get(token);
        }
        if (known != null && now.isBefore(known.until())) {
            return known.jwt();
        }
        Jwt jwt = decoder.decode(token);
        Instant until = now.plus(MAX_AGE);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        synchronized (verified) {
            verified.put(token, new Verified(jwt, until));
        }
        return jwt;
    }

    /** How many tokens are remembered now. */
    int size() {
        synchronized (verified) {
            return verified.size();
        }
    }
}
