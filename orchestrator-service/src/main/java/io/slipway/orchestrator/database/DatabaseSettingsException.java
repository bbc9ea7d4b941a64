package io.slipway.orchestrator.database;

import java.util.List;

/** The database settings are incomplete or invalid; {@link #problems()} names each one. */
final class DatabaseSettingsException extends IllegalStateException {
    private final List<String> problems;

    DatabaseSettingsException(List<String> problems) {
        super("invalid database settings: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
