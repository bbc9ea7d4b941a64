package io.slipway.testfixture.modules.b;

/** Fixture for the module rules' self-test: {@code b} uses nothing. */
public class Beta {
    public int value() {
        return 1;
    }
}
