package io.slipway.testfixture.modules.a;

import io.slipway.testfixture.modules.b.Beta;

/** Fixture for the module rules' self-test: {@code a} may use {@code b}. */
public class Alpha {
    public Beta beta() {
        return new Beta();
    }
}
