package io.slipway.cli;

/**
 * A failure the CLI reports as text on stderr with an exit status, never as a stack trace. The
 * message may span several lines (a problem's every error).
 */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
