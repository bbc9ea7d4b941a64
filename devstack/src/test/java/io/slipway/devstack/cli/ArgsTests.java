package io.slipway.devstack.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTests {
    private static final Set<String> ALLOWED = Set.of("hosts", "data-dir");

    @Test
    void acceptsSpaceAndEqualsForms() {
        var args = Args.parse(new String[] {"--hosts", "5", "--data-dir=/tmp/x"}, ALLOWED);

        assertThat(args.integer("hosts", 3, 1, 100)).isEqualTo(5);
        assertThat(args.requiredPath("data-dir")).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void absentOptionsFallBack() {
        var args = Args.parse(new String[0], ALLOWED);

        assertThat(args.integer("hosts", 3, 1, 100)).isEqualTo(3);
        assertThat(args.path("data-dir", Path.of(".slipway"))).isEqualTo(Path.of(".slipway"));
        assertThatThrownBy(() -> args.requiredPath("data-dir"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--data-dir is required");
    }

    @Test
    void rejectsUnknownRepeatedValuelessAndPositionalArguments() {
        assertThatThrownBy(() -> Args.parse(new String[] {"--port", "1"}, ALLOWED))
                .hasMessage("unknown option --port");
        assertThatThrownBy(() -> Args.parse(new String[] {"--hosts", "1", "--hosts=2"}, ALLOWED))
                .hasMessage("--hosts given twice");
        assertThatThrownBy(() -> Args.parse(new String[] {"--hosts"}, ALLOWED))
                .hasMessage("--hosts needs a value");
        assertThatThrownBy(() -> Args.parse(new String[] {"dev"}, ALLOWED))
                .hasMessage("unexpected argument: dev");
    }

    @Test
    void rejectsNumbersOutOfRangeOrMalformed() {
        assertThatThrownBy(
                        () ->
                                Args.parse(new String[] {"--hosts", "0"}, ALLOWED)
                                        .integer("hosts", 3, 1, 100))
                .hasMessage("--hosts must be between 1 and 100: 0");
        assertThatThrownBy(
                        () ->
                                Args.parse(new String[] {"--hosts", "many"}, ALLOWED)
                                        .integer("hosts", 3, 1, 100))
                .hasMessage("--hosts must be a number: many");
    }
}
