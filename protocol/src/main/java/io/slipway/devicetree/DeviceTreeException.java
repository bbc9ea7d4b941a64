package io.slipway.devicetree;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The only exception the device-tree toolkit throws for bad input. Carries every problem found, not
 * just the first.
 */
public class DeviceTreeException extends Exception {
    private final List<Diagnostic> diagnostics;

    public DeviceTreeException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")));
        if (diagnostics.isEmpty()) {
            throw new IllegalArgumentException(
                    "a DeviceTreeException needs at least one diagnostic");
        }
        this.diagnostics = List.copyOf(diagnostics);
    }

    public DeviceTreeException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
