package io.slipway.orchestrator.database;

import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link DatabaseSettingsException} into Spring Boot's "APPLICATION FAILED TO START" report:
 * each problem on its own line and what to do, without a stack trace.
 */
public final class DatabaseSettingsFailureAnalyzer
        extends AbstractFailureAnalyzer<DatabaseSettingsException> {
    @Override
    protected FailureAnalysis analyze(Throwable root, DatabaseSettingsException cause) {
        String problems =
                cause.problems().stream()
                        .map(p -> "    - " + p)
                        .collect(Collectors.joining(System.lineSeparator()));
        return new FailureAnalysis(
                "The database or Kafka settings are incomplete; there are no default credentials:"
                        + System.lineSeparator()
                        + problems,
                "Set the variables named above. `./slipway dev` and `./slipway infra` write them"
                        + " to DATA_DIR/infra.env (`./slipway orchestrator --data-dir DATA_DIR`"
                        + " reads it); in production they come from secrets (deploy/README.md).",
                cause);
    }
}
