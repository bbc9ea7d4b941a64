package io.slipway.cli;

/** The CLI's exit statuses; listed in {@code slipway --help}. */
public final class ExitCode {
    /** The command did what was asked (with {@code --wait}: the domain reached its goal). */
    public static final int OK = 0;

    /**
     * The API refused the request (invalid description, conflict, no capacity, ...) or the awaited
     * operation failed.
     */
    public static final int FAILED = 1;

    /** The command line was wrong (unknown option, missing argument, unreadable file). */
    public static final int USAGE = 2;

    /**
     * The API could not be used: unreachable, timed out, answered nonsense, or refused the token
     * (401/403).
     */
    public static final int UNAVAILABLE = 3;

    /** What was asked for does not exist (404), or is not visible to this token. */
    public static final int NOT_FOUND = 4;

    static final String HELP =
            "%nExit status: 0 ok; 1 the API refused or the operation failed; 2 usage error;"
                    + "%n3 API unreachable, timed out or token refused (401/403); 4 not found (404).";

    private ExitCode() {}
}
