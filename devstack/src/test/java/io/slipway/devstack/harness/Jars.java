package io.slipway.devstack.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the harness finds the programs it starts. Failsafe sets the system properties (see the
 * devstack pom); each getter fails with a message saying what to build when a file is missing.
 */
public final class Jars {
    private Jars() {}

    public static Path orchestrator() {
        return existing("slipway.orchestrator.jar", "build orchestrator-service (mvn package)");
    }

    public static Path agent() {
        return existing("slipway.agent.jar", "build host-agent (mvn package)");
    }

    /** devstack's classes plus its runtime dependencies, for {@code DevStackMain infra}. */
    public static String devstackClasspath() {
        Path classes = existing("slipway.devstack.classes", "compile devstack");
        Path file = existing("slipway.devstack.classpath.file", "run mvn generate-test-resources");
        try {
            return classes + java.io.File.pathSeparator + Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path existing(String property, String hint) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(
                    "system property " + property + " is not set (run through Maven failsafe)");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(property + " = " + path + " does not exist: " + hint);
        }
        return path;
    }
}
