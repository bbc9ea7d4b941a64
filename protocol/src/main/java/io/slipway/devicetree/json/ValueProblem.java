package io.slipway.devicetree.json;

/** A JSON value that cannot be a property value; the message is the reason shown to the user. */
final class ValueProblem extends Exception {
    ValueProblem(String message) {
        super(message, null, false, false);
    }
}
