package io.slipway.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MalformedRequestFilterTests {

    @Test
    void completePercentEscapesAreWellEncoded() {
        assertThat(MalformedRequestFilter.wellEncoded("/api/v1/domains")).isTrue();
        assertThat(MalformedRequestFilter.wellEncoded("/a%20b;x=%2F%00")).isTrue();
    }

    @Test
    void aPercentWithoutTwoHexDigitsIsMalformed() {
        assertThat(MalformedRequestFilter.wellEncoded("/a;x=%zz")).isFalse();
        assertThat(MalformedRequestFilter.wellEncoded("/a%2")).isFalse();
        assertThat(MalformedRequestFilter.wellEncoded("/a%")).isFalse();
        assertThat(MalformedRequestFilter.wellEncoded("/a%\u0661\u0662")).isFalse();
    }

    @Test
    void aWildcardContentTypeIsRefusedAndAConcreteOneIsNot() {
        assertThat(MalformedRequestFilter.wildcard("*/*")).isTrue();
        assertThat(MalformedRequestFilter.wildcard("text/*")).isTrue();
        assertThat(MalformedRequestFilter.wildcard("text/plain; charset=utf-8")).isFalse();
        assertThat(MalformedRequestFilter.wildcard("a/b/c")).isFalse();
        assertThat(MalformedRequestFilter.wildcard(null)).isFalse();
    }
}
