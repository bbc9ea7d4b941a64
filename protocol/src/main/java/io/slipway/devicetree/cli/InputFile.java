package io.slipway.devicetree.cli;

import io.slipway.devicetree.Diagnostic;
import io.slipway.devicetree.guest.DescriptionFormat;
import io.slipway.devicetree.guest.GuestDescriptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The commands' files: bounded reads, clear messages, format detection, and writing results. */
final class InputFile {
    /**
     * The largest file read: well above a description's limit, so that an oversized description
     * gets the validator's own message, while a wrong file (a disk image) is not read whole.
     */
    static final int MAX_READ = 16 * GuestDescriptions.MAX_DESCRIPTION_BYTES;

    private InputFile() {}

    /** The content of {@code name}, or empty after printing why it cannot be read. */
    static Optional<byte[]> read(String name, PrintWriter err) {
        Path path;
        try {
            path = Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            err.println(name + ": not a valid path");
            return Optional.empty();
        }
        if (Files.isDirectory(path)) {
            err.println(name + ": is a directory");
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] content = in.readNBytes(MAX_READ + 1);
            if (content.length > MAX_READ) {
                err.println(name + ": larger than " + MAX_READ + " bytes");
                return Optional.empty();
            }
            return Optional.of(content);
        } catch (NoSuchFileException e) {
            err.println(name + ": no such file");
        } catch (IOException | SecurityException e) {
            err.println(name + ": cannot read (" + e.getMessage() + ")");
        }
        return Optional.empty();
    }

    /**
     * Writes a command's result to {@code name}: {@code OK}, or {@code USAGE} after printing why it
     * cannot be written.
     */
    static int write(String name, byte[] content, PrintWriter err) {
        try {
            Files.write(Path.of(name), content);
            return DeviceTreeCli.OK;
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
            err.println(name + ": cannot write (" + e.getMessage() + ")");
            return DeviceTreeCli.USAGE;
        }
    }

    /** By extension, else by content: the DTB magic, a JSON object, otherwise DTS. */
    static DescriptionFormat formatOf(String name, byte[] content) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".dts")) {
            return DescriptionFormat.DTS;
        }
        if (lower.endsWith(".dtb")) {
            return DescriptionFormat.DTB;
        }
        if (lower.endsWith(".json")) {
            return DescriptionFormat.JSON;
        }
        if (content.length >= 4
                && (content[0] & 0xff) == 0xd0
                && (content[1] & 0xff) == 0x0d
                && (content[2] & 0xff) == 0xfe
                && (content[3] & 0xff) == 0xed) {
            return DescriptionFormat.DTB;
        }
        for (byte b : content) {
            if (!Character.isWhitespace(b)) {
                return b == '{' ? DescriptionFormat.JSON : DescriptionFormat.DTS;
            }
        }
        return DescriptionFormat.DTS;
    }

    /** One diagnostic as a line: DTS/JSON ones already start with {@code file:line:col}. */
    static String line(String name, Diagnostic diagnostic) {
        return diagnostic.position() != null ? diagnostic.toString() : name + ": " + diagnostic;
    }
}
