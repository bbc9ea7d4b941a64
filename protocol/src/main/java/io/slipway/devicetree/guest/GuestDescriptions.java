package io.slipway.devicetree.guest;

import io.slipway.devicetree.DeviceTree;
import io.slipway.devicetree.DeviceTreeException;
import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.dts.DtsCompiler;
import io.slipway.devicetree.dts.DtsWriter;
import io.slipway.devicetree.fdt.FdtReader;
import io.slipway.devicetree.fdt.FdtWriter;
import io.slipway.devicetree.json.GuestJson;
import io.slipway.devicetree.schema.GuestSchemaValidator;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The one entry point for guest descriptions arriving from outside (REST bodies, files): parse any
 * of the three forms, validate against the guest schema, and produce the canonical DTB, its digest
 * and the {@link io.slipway.protocol.GuestSpec}.
 *
 * <p>Guarantees: input is untrusted and bounded ({@link #MAX_DESCRIPTION_BYTES}; DTS under {@link
 * io.slipway.devicetree.dts.DtsLimits#DEFAULT}, DTB under {@code FdtReader.Limits.GUEST}, JSON
 * under the parser constraints of {@code GuestJson}), each bound enforced while reading, so a
 * description is answered in time and memory linear in its size; every problem is reported at once
 * in one {@link DeviceTreeException} (a syntax error in DTS or JSON may hide later schema errors,
 * since the schema needs a tree); DTS diagnostics carry {@code fileName:line:column}; DTS input may
 * not use {@code /include/} or {@code /incbin/}; no other exception escapes for bad input. The same
 * description in DTS, DTB or JSON gives the same canonical bytes and digest. Pure and thread-safe.
 */
public final class GuestDescriptions {
    /** The largest description accepted, in bytes, in any form. */
    public static final int MAX_DESCRIPTION_BYTES = 1 << 20;

    private GuestDescriptions() {}

    /**
     * Parses and validates a description.
     *
     * @param fileName names the input in diagnostic positions (e.g. the request or file name)
     * @throws DeviceTreeException with every problem found, when the description is not valid
     */
    public static ValidGuest read(byte[] body, DescriptionFormat format, String fileName)
            throws DeviceTreeException {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(fileName, "fileName");
        if (body.length > MAX_DESCRIPTION_BYTES) {
            throw new DeviceTreeException(
                    new Diagnostic(
                            null,
                            null,
                            null,
                            -1,
                            "description is "
                                    + body.length
                                    + " bytes, more than the limit of "
                                    + MAX_DESCRIPTION_BYTES));
        }
        DeviceTree tree = parse(body, format, fileName);
        List<Diagnostic> problems = GuestSchemaValidator.validate(tree);
        if (!problems.isEmpty()) {
            throw new DeviceTreeException(problems);
        }
        byte[] canonical = FdtWriter.write(tree);
        return new ValidGuest(tree, canonical, sha256Hex(canonical), GuestSpecs.derive(tree));
    }

    /** The DTS text of a stored canonical DTB (for {@code GET .../description} as text). */
    public static String toDts(byte[] canonicalDtb) throws DeviceTreeException {
        return DtsWriter.write(FdtReader.read(canonicalDtb));
    }

    /** The JSON form of a stored canonical DTB (docs/guest-json.md). */
    public static String toJson(byte[] canonicalDtb) throws DeviceTreeException {
        return GuestJson.write(FdtReader.read(canonicalDtb));
    }

    /** Lowercase hex SHA-256 of {@code bytes}. */
    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static DeviceTree parse(byte[] body, DescriptionFormat format, String fileName)
            throws DeviceTreeException {
        try {
            return parseUnguarded(body, format, fileName);
        } catch (RuntimeException e) {
            // Bodies come from clients: a parser bug must reject the body (and be visible in the
            // message), not escape as a server error. The parsers' own fuzz suites catch the bug.
            throw new DeviceTreeException(
                    new Diagnostic(
                            null,
                            null,
                            null,
                            -1,
                            "the " + format + " parser failed on this input (" + e + ")"));
        }
    }

    private static DeviceTree parseUnguarded(byte[] body, DescriptionFormat format, String fileName)
            throws DeviceTreeException {
        return switch (format) {
            case DTB -> FdtReader.readGuestBlob(body);
            case JSON -> GuestJson.read(body, fileName);
            case DTS -> DtsCompiler.compile(utf8(body), fileName);
        };
    }

    /** Strict UTF-8: a bad byte is reported at its offset instead of becoming U+FFFD. */
    private static String utf8(byte[] body) throws DeviceTreeException {
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        // UTF-8 never decodes to more chars than it has bytes.
        CharBuffer out = CharBuffer.allocate(body.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new DeviceTreeException(Diagnostic.atByte(in.position(), "not valid UTF-8"));
        }
        return out.flip().toString();
    }
}
