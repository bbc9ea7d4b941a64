package io.slipway.agent.libvirt.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostChecksTests {
    @Test
    void aMissingRequirementFailsUnderCiAndSkipsElsewhere() {
        assertThat(HostChecks.requireOrSkip(Optional.empty())).isTrue();
        Optional<String> missing = Optional.of("libvirt is unusable: missing virsh");
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThatThrownBy(() -> HostChecks.requireOrSkip(missing))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("CI=true but libvirt is unusable: missing virsh");
        } else {
            assertThat(HostChecks.requireOrSkip(missing)).isFalse();
        }
    }

    @Test
    void aToolIsFoundByNameAndAMissingOneSaysHowToGetIt() {
        assertThat(HostChecks.executable("sh")).isPresent();
        assertThat(HostChecks.executable("no-such-tool-slipway")).isEmpty();
        assertThatThrownBy(() -> HostChecks.require("no-such-tool-slipway"))
                .isInstanceOf(HostToolException.class)
                .hasMessageContaining("devstack/libvirt/setup-host.sh");
    }
}
