package io.slipway.devicetree.fdt;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FdtWriterTests {
    @Test
    void writesAnEmptyTreeAsDtcDoes() {
        byte[] blob = FdtWriter.write(new DeviceTree(new Node("", List.of(), List.of())));

        ByteBuffer b = ByteBuffer.wrap(blob);
        assertThat(blob).hasSize(72);
        assertThat(b.getInt(0)).isEqualTo(0xd00dfeed);
        assertThat(b.getInt(4)).isEqualTo(72); // totalsize
        assertThat(b.getInt(8)).isEqualTo(0x38); // struct after header + one empty reserve entry
        assertThat(b.getInt(12)).isEqualTo(0x48);
        assertThat(b.getInt(16)).isEqualTo(0x28);
        assertThat(b.getInt(20)).isEqualTo(17);
        assertThat(b.getInt(24)).isEqualTo(16);
        assertThat(b.getInt(32)).isZero(); // no strings
        assertThat(b.getInt(36)).isEqualTo(16); // BEGIN_NODE "" END_NODE END
    }

    @Test
    void reusesAStringWhenANameIsTheTailOfOneAlreadyWritten() {
        Node root =
                new Node(
                        "",
                        List.of(prop("compatible"), prop("patible"), prop("compat"), prop("le")),
                        List.of());
        byte[] blob = FdtWriter.write(new DeviceTree(root));

        ByteBuffer b = ByteBuffer.wrap(blob);
        int stringsOffset = b.getInt(12);
        String strings =
                new String(
                        Arrays.copyOfRange(blob, stringsOffset, blob.length),
                        StandardCharsets.ISO_8859_1);
        assertThat(strings).isEqualTo("compatible\0compat\0");
    }

    @Test
    void stringTableOfManyLongNamesSharingTailsIsDtcs() {
        // Names of up to 255 characters with shared tails in every combination: the hashed tail
        // index must give exactly the table of dtc's scan (the naive reference below).
        Random random = new Random(7);
        List<Property> properties = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String name =
                    "abcd".substring(random.nextInt(4)).repeat(1 + random.nextInt(60))
                            + (random.nextBoolean() ? "" : "x" + random.nextInt(50));
            if (!names.contains(name)) {
                names.add(name);
                properties.add(prop(name));
            }
        }
        byte[] blob = FdtWriter.write(new DeviceTree(new Node("", properties, List.of())));

        int stringsOffset = ByteBuffer.wrap(blob).getInt(12);
        assertThat(Arrays.copyOfRange(blob, stringsOffset, blob.length))
                .isEqualTo(naiveStringTable(names));
    }

    /** dtc's string table, by its own quadratic scan. */
    private static byte[] naiveStringTable(List<String> names) {
        StringBuilder table = new StringBuilder();
        for (String name : names) {
            if (!tailMatch(table.toString(), name)) {
                table.append(name).append('\0');
            }
        }
        return table.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean tailMatch(String table, String name) {
        for (int at = 0; at + name.length() < table.length(); at++) {
            if (table.startsWith(name, at) && table.charAt(at + name.length()) == 0) {
                return true;
            }
        }
        return false;
    }

    private static Property prop(String name) {
        return new Property(name, new byte[0]);
    }
}
