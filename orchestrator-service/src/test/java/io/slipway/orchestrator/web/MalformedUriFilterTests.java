package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedUriFilterTests {

    @Test
    void completePercentEscapesAreWellEncoded() {
        assertThat(MalformedUriFilter.wellEncoded("/api/v1/domains")).isTrue();
        assertThat(MalformedUriFilter.wellEncoded("/a%20b;x=%2F%00")).isTrue();
    }

    @Test
    void aPercentWithoutTwoHexDigitsIsMalformed() {
        assertThat(MalformedUriFilter.wellEncoded("/a;x=%zz")).isFalse();
        assertThat(MalformedUriFilter.wellEncoded("/a%2")).isFalse();
        assertThat(MalformedUriFilter.wellEncoded("/a%")).isFalse();
        assertThat(MalformedUriFilter.wellEncoded("/a%\u0661\u0662")).isFalse();
    }
}
