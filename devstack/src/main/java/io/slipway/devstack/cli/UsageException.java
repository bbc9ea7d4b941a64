package io.slipway.devstack.cli;

/**
 * The command line is wrong in a way found outside picocli's parsing (e.g. by an options record's
 * constructor); the message says how. {@code DevStackMain} prints it with the command's usage and
 * exits 2.
 */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
