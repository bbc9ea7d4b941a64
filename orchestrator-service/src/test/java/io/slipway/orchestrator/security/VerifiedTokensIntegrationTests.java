package io.slipway.orchestrator.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.orchestrator.support.IntegrationTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensIntegrationTests extends IntegrationTestBase {
    @Autowired JwtDecoder decoder;

    @Test
    void theConfiguredDecoderRemembersVerifiedTokensAndStillRefusesBadOnes() {
        assertThat(decoder).isInstanceOf(VerifiedTokens.class);

        assertThat(api.get("/api/v1/domains").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/domains").status()).isEqualTo(200);
        assertThat(((VerifiedTokens) decoder).size()).isPositive();
        assertThat(api.withToken("not-a-token").get("/api/v1/domains").status()).isEqualTo(401);
    }
}
