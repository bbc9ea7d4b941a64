package io.slipway.testfixture.modules.c;

import io.slipway.testfixture.modules.a.Alpha;

/**
 * Fixture for the module rules' self-test: {@code c} uses {@code a}, and {@link
 * io.slipway.testfixture.modules.b.BackEdge} makes {@code b} use {@code c}: a back edge and a
 * cycle.
 */
public class Gamma {
    public Alpha alpha() {
        return new Alpha();
    }
}
