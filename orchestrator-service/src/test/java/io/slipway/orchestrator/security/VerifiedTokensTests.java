package io.slipway.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTests {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private final AtomicInteger verifications = new AtomicInteger();
    private Instant expiresAt = NOW.plus(Duration.ofHours(1));

    /** Accepts any token starting with "good", as a signature check would, and counts its work. */
    private final JwtDecoder checker =
            token -> {
                verifications.incrementAndGet();
                if (!token.startsWith("good")) {
                    throw new BadJwtException("bad signature");
                }
                return Jwt.withTokenValue(token)
                        .header("alg", "RS256")
                        .subject("alice")
                        .issuedAt(NOW.minusSeconds(1))
                        .expiresAt(expiresAt)
                        .build();
            };

    private static Clock at(Instant t) {
        return Clock.fixed(t, ZoneOffset.UTC);
    }

    @Test
    void aTokenIsVerifiedOnceAndThenRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(checker, at(NOW));

        Jwt first = tokens.decode("good-1");
        Jwt again = tokens.decode("good-1");

        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
        tokens.decode("good-2");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aRefusedTokenIsRefusedEveryTimeAndNeverRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(checker, at(NOW));

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        }

        assertThat(verifications).hasValue(3);
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aRememberedTokenIsVerifiedAgainOnceItExpires() {
        expiresAt = NOW.plusSeconds(30);
        MovingClock clock = new MovingClock();
        VerifiedTokens tokens = new VerifiedTokens(checker, clock);

        tokens.decode("good-short");
        clock.now = NOW.plusSeconds(29);
        tokens.decode("good-short");
        assertThat(verifications).hasValue(1);

        clock.now = NOW.plusSeconds(30);
        tokens.decode("good-short");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        MovingClock clock = new MovingClock();
        VerifiedTokens tokens = new VerifiedTokens(checker, clock);

        tokens.decode("good-long");
        clock.now = NOW.plus(VerifiedTokens.MAX_AGE).minusSeconds(1);
        tokens.decode("good-long");
        assertThat(verifications).hasValue(1);

        clock.now = NOW.plus(VerifiedTokens.MAX_AGE);
        tokens.decode("good-long");
        assertThat(verifications).hasValue(2);
    }

    @Test
    void atMostTheCapacityIsRemembered() {
        VerifiedTokens tokens = new VerifiedTokens(checker, at(NOW));

        for (int i = 0; i <= VerifiedTokens.CAPACITY; i++) {
            tokens.decode("good-" + i);
        }

        assertThat(tokens.size()).isEqualTo(VerifiedTokens.CAPACITY);
        tokens.decode("good-0"); // the least recently used went first
        assertThat(verifications).hasValue(VerifiedTokens.CAPACITY + 2);
    }

    /** A clock the test moves. */
    private static final class MovingClock extends Clock {
        Instant now = NOW;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
