package io.slipway.testfixture.modules.b;

import io.slipway.testfixture.modules.c.Gamma;

/** The forbidden edge of the self-test: {@code b -> c}, closing the cycle b -> c -> a -> b. */
public class BackEdge {
    public Gamma gamma() {
        return new Gamma();
    }
}
