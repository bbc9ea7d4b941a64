package io.slipway.devicetree.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.schema.GuestSchemaValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutates valid descriptions in every form (byte flips, deletions, insertions of syntax characters,
 * truncations) and checks the facade's contract: a valid guest or a {@link DeviceTreeException},
 * nothing else, quickly. The DTB reader has its own, larger fuzz suite; this one exercises the
 * layers above it (JSON reader, schema validator, spec derivation).
 */
class GuestDescriptionsFuzzTests {
    private static final int CASES_PER_FORM = 1000;
    private static final byte[] SYNTAX =
            "{}[]\",:;<>=/@0x-\\\n\u0000".getBytes(StandardCharsets.UTF_8);

    private static byte[] seed(DescriptionFormat format) throws Exception {
        byte[] dts = Files.readAllBytes(Dtc.example("gpu-hvm.dts"));
        ValidGuest guest = GuestDescriptions.read(dts, DescriptionFormat.DTS, "seed");
        return switch (format) {
            case DTS -> dts;
            case DTB -> guest.canonicalDtb();
            case JSON ->
                    GuestDescriptions.toJson(guest.canonicalDtb()).getBytes(StandardCharsets.UTF_8);
        };
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] bytes = seed.clone();
        int length = bytes.length;
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && length > 0; e++) {
            int at = random.nextInt(length);
            switch (random.nextInt(5)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> {
                    System.arraycopy(bytes, at + 1, bytes, at, length - at - 1);
                    length--;
                }
                case 2 -> {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length, length + 1));
                    System.arraycopy(bytes, at, bytes, at + 1, length - at);
                    bytes[at] = SYNTAX[random.nextInt(SYNTAX.length)];
                    length++;
                }
                case 3 -> bytes[at] = (byte) random.nextInt(256);
                default -> length = at;
            }
        }
        return Arrays.copyOf(bytes, length);
    }

    @ParameterizedTest
    @EnumSource(DescriptionFormat.class)
    void mutatedDescriptionsAreAcceptedOrRejectedNeverCrashing(DescriptionFormat format)
            throws Exception {
        byte[] seed = seed(format);
        Random random = new Random(format.ordinal() * 7919L);
        long slowest = 0;
        int rejected = 0;
        for (int i = 0; i < CASES_PER_FORM; i++) {
            byte[] input = mutate(seed, random);
            long start = System.nanoTime();
            try {
                ValidGuest guest = GuestDescriptions.read(input, format, "fuzz");
                assertThat(GuestSchemaValidator.validate(guest.tree())).isEmpty();
                assertThat(
                                GuestDescriptions.read(
                                        guest.canonicalDtb(), DescriptionFormat.DTB, "again"))
                        .isEqualTo(guest);
            } catch (DeviceTreeException e) {
                rejected++;
                assertThat(e.diagnostics()).isNotEmpty();
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError(
                        "unexpected "
                                + e
                                + " for input "
                                + new String(input, StandardCharsets.ISO_8859_1),
                        e);
            }
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertThat(rejected).isGreaterThan(CASES_PER_FORM / 10);
        // Generous bound: the first cases include JIT warm-up.
        assertThat(slowest / 1_000_000).isLessThan(1000);
    }
}
