package io.slipway.devstack.cli;

/** The command line is wrong; the message says how. Callers print it with the usage, exit 2. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
