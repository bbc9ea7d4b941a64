package io.slipway.devicetree.fdt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.Node;
import io.slipway.devicetree.Property;
import io.slipway.devicetree.ReserveEntry;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class FdtReaderTests {
    private static final byte[] CELL = {0, 0, 0, 1};

    private static RawBlob rootWith(String property) {
        return new RawBlob().beginNode("").property(property, CELL);
    }

    private static byte[] minimal() {
        return rootWith("a").endNode().end().build();
    }

    @Test
    void readsBackWhatTheWriterWrote() throws DeviceTreeException {
        Node child = new Node("dev@1", List.of(new Property("reg", CELL)), List.of());
        DeviceTree tree =
                new DeviceTree(
                        List.of(new ReserveEntry(0x1000, 0x20)),
                        3,
                        new Node(
                                "",
                                List.of(new Property("compatible", "x\0".getBytes())),
                                List.of(child)));

        DeviceTree read = FdtReader.read(FdtWriter.write(tree));

        assertThat(read).isEqualTo(tree);
    }

    @Test
    void skipsNopTokensAnywhere() throws DeviceTreeException {
        byte[] blob =
                new RawBlob()
                        .nop()
                        .beginNode("")
                        .nop()
                        .property("a", CELL)
                        .nop()
                        .beginNode("c")
                        .endNode()
                        .nop()
                        .endNode()
                        .nop()
                        .end()
                        .build();

        DeviceTree tree = FdtReader.read(blob);

        assertThat(tree.root().properties()).extracting(Property::name).containsExactly("a");
        assertThat(tree.root().children()).extracting(Node::name).containsExactly("c");
    }

    @Test
    void rejectsABlobShorterThanTheHeader() {
        assertRejected(() -> FdtReader.read(new byte[39]), 0, "shorter than the 40-byte header");
    }

    @Test
    void rejectsABadMagic() {
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 0, 0xfeedd00dL)), 0, "bad magic");
    }

    @Test
    void rejectsATotalSizeOtherThanTheBufferLength() {
        byte[] blob = minimal();
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(blob, 4, blob.length + 1)),
                4,
                "differs from the blob length");
    }

    @Test
    void rejectsBlobsOverOneMebibyte() {
        byte[] big = new byte[(1 << 20) + 8];
        System.arraycopy(minimal(), 0, big, 0, 40);
        byte[] blob = RawBlob.withU32(big, 4, big.length);
        assertRejected(() -> FdtReader.read(blob), 4, "exceeds 1048576 bytes");
    }

    @Test
    void rejectsOtherVersions() {
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 20, 16)),
                20,
                "version 16 is not 17");
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 24, 17)),
                24,
                "last_comp_version 17 is above 16");
    }

    @Test
    void rejectsMisalignedBlocks() {
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 16, 44)), 16, "not 8-byte aligned");
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 8, 58)), 8, "not 4-byte aligned");
    }

    @Test
    void rejectsBlocksOutsideTheBlobWithoutOverflowing() {
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 36, 0xffffffffL)),
                8,
                "lies outside");
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 12, 0xfffffff0L)),
                12,
                "lies outside");
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(minimal(), 8, 8)), 8, "inside the header");
    }

    @Test
    void rejectsOverlappingBlocks() {
        byte[] blob = minimal();
        // Point the strings block into the structure block.
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(blob, 12, 60)),
                12,
                "overlaps the structure block");
    }

    @Test
    void acceptsReservationsButTheGuestReaderDoesNot() throws DeviceTreeException {
        byte[] blob = new RawBlob().reserve(0x1000, 0x2000).beginNode("").endNode().end().build();

        assertThat(FdtReader.read(blob).memoryReservations())
                .containsExactly(new ReserveEntry(0x1000, 0x2000));
        assertRejected(() -> FdtReader.readGuestBlob(blob), 40, "must be empty");
        assertThat(FdtReader.readGuestBlob(minimal()).root().properties()).hasSize(1);
    }

    @Test
    void rejectsAnUnterminatedReservationBlock() {
        byte[] blob = new RawBlob().beginNode("").endNode().end().build();
        // Make the terminator non-zero: the walk runs into the structure block.
        byte[] broken = RawBlob.withU32(blob, 44, 1);
        assertRejected(() -> FdtReader.read(broken), 56, "runs into the next block");
    }

    @Test
    void boundsTheDepthAtSixteen() throws DeviceTreeException {
        assertThat(FdtReader.read(nested(16)).root().children()).hasSize(1);
        assertRejected(() -> FdtReader.read(nested(17)), -1, "nested deeper than 16");
    }

    private static byte[] nested(int depth) {
        RawBlob b = new RawBlob().beginNode("");
        for (int i = 0; i < depth; i++) {
            b.beginNode("n");
        }
        for (int i = 0; i < depth; i++) {
            b.endNode();
        }
        return b.endNode().end().build();
    }

    @Test
    void boundsTheNodeCount() {
        RawBlob b = new RawBlob().beginNode("");
        for (int i = 0; i < 1024; i++) {
            b.beginNode("n" + i).endNode();
        }
        byte[] blob = b.endNode().end().build();
        assertRejected(() -> FdtReader.read(blob), -1, "more than 1024 nodes");
    }

    @Test
    void boundsThePropertyCount() {
        RawBlob b = new RawBlob().beginNode("");
        for (int i = 0; i < 8193; i++) {
            b.property("p" + i, CELL);
        }
        byte[] blob = b.endNode().end().build();
        assertRejected(() -> FdtReader.read(blob), -1, "more than 8192 properties");
    }

    @Test
    void checksNames() {
        String longName = "a".repeat(32);
        assertRejected(() -> FdtReader.read(node(longName)), 68, "longer than 31 characters");
        assertRejected(() -> FdtReader.read(node("bad name")), 68, "outside the spec's set");
        assertRejected(() -> FdtReader.read(node("a@b@c")), 68, "more than one '@'");
        assertRejected(() -> FdtReader.read(node("@1")), 68, "node name is empty");
        assertRejected(
                () -> FdtReader.read(rootWith("a@b").endNode().end().build()),
                -1,
                "outside the spec's set");
    }

    private static byte[] node(String name) {
        return new RawBlob().beginNode("").beginNode(name).endNode().endNode().end().build();
    }

    @Test
    void requiresExactlyOneRootWithAnEmptyName() {
        assertRejected(
                () -> FdtReader.read(new RawBlob().beginNode("x").endNode().end().build()),
                60,
                "root node name must be empty");
        assertRejected(
                () ->
                        FdtReader.read(
                                new RawBlob()
                                        .beginNode("")
                                        .endNode()
                                        .beginNode("")
                                        .endNode()
                                        .end()
                                        .build()),
                68,
                "a second root node");
    }

    @Test
    void requiresEndAtDepthZeroAsTheLastToken() {
        assertRejected(
                () -> FdtReader.read(new RawBlob().beginNode("").end().build()),
                64,
                "before the root node was closed");
        assertRejected(
                () -> FdtReader.read(new RawBlob().beginNode("").endNode().build()),
                68,
                "without FDT_END");
        assertRejected(
                () -> FdtReader.read(new RawBlob().beginNode("").endNode().end().nop().build()),
                72,
                "data after FDT_END");
        assertRejected(
                () -> FdtReader.read(new RawBlob().beginNode("").endNode().endNode().end().build()),
                68,
                "without an open node");
        assertRejected(
                () -> FdtReader.read(new RawBlob().beginNode("").token(7).build()),
                64,
                "unknown token 0x7");
    }

    @Test
    void checksPropertyNameOffsets() {
        assertRejected(
                () ->
                        FdtReader.read(
                                new RawBlob()
                                        .beginNode("")
                                        .property(1000, 4, CELL)
                                        .endNode()
                                        .end()
                                        .build()),
                -1,
                "outside the");
        byte[] unterminated =
                new RawBlob()
                        .rawStrings("abc".getBytes())
                        .beginNode("")
                        .property(0, 4, CELL)
                        .endNode()
                        .end()
                        .build();
        assertRejected(() -> FdtReader.read(unterminated), -1, "not NUL-terminated");
    }

    @Test
    void checksPropertyLengthsBeforeAllocating() {
        byte[] blob = new RawBlob().beginNode("").property("a", CELL).endNode().end().build();
        // The root's BEGIN_NODE is at 56, the property token at 64, its length field at 68.
        assertRejected(
                () -> FdtReader.read(RawBlob.withU32(blob, 68, 0xffffffffL)),
                68,
                "runs past the structure block");
    }

    @Test
    void requiresPropertiesBeforeSubnodesAndNoDuplicates() {
        assertRejected(
                () ->
                        FdtReader.read(
                                new RawBlob()
                                        .beginNode("")
                                        .beginNode("c")
                                        .endNode()
                                        .property("a", CELL)
                                        .endNode()
                                        .end()
                                        .build()),
                -1,
                "property after a subnode");
        assertRejected(
                () -> FdtReader.read(rootWith("a").property("a", CELL).endNode().end().build()),
                -1,
                "duplicate property \"a\"");
        assertRejected(
                () ->
                        FdtReader.read(
                                new RawBlob()
                                        .beginNode("")
                                        .beginNode("c")
                                        .endNode()
                                        .beginNode("c")
                                        .endNode()
                                        .endNode()
                                        .end()
                                        .build()),
                -1,
                "duplicate sibling node name \"c\"");
    }

    private static void assertRejected(ThrowingCallable read, long offset, String message) {
        assertThatThrownBy(read)
                .isInstanceOfSatisfying(
                        DeviceTreeException.class,
                        e -> {
                            assertThat(e.diagnostics()).hasSize(1);
                            Diagnostic d = e.diagnostics().get(0);
                            assertThat(d.message()).contains(message);
                            assertThat(d.byteOffset()).isGreaterThanOrEqualTo(0);
                            if (offset >= 0) {
                                assertThat(d.byteOffset()).isEqualTo(offset);
                            }
                        });
    }
}
