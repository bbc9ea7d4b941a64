package io.slipway.devicetree.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FindingsTests {
    @Test
    void aTreeWithThousandsOfProblemsListsFiveHundredAndCountsTheRest() {
        List<Property> unknown = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            unknown.add(new Property("unknown" + i, new byte[0]));
        }
        DeviceTree tree = new DeviceTree(new Node("", unknown, List.of()));

        List<Diagnostic> diagnostics = GuestSchemaValidator.validate(tree);

        // 2000 unknown properties, a missing compatible and a missing /domain.
        assertThat(diagnostics).hasSize(Findings.MAX_ENTRIES + 1);
        assertThat(diagnostics.get(Findings.MAX_ENTRIES).message())
                .isEqualTo("1502 more problems not listed (at most 500 are)");
    }
}
