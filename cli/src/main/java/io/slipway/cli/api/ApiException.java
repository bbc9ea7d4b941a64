package io.slipway.cli.api;

import io.slipway.cli.CliException;

/** The API answered with an error status; carries the problem it sent. */
public final class ApiException extends CliException {
    private final Problem problem;

    public ApiException(int exitCode, String message, Problem problem) {
        super(exitCode, message);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
