package io.slipway.agent.libvirt.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a cpio archive in the "newc" format the Linux kernel unpacks as an initramfs. Every entry
 * is owned by root with mtime 0 and a sequential inode number, so the same entries always give the
 * same bytes: an image's hash depends on its contents alone, not on when or where it was built.
 */
final class NewcArchive {
    private static final String MAGIC = "070701";
    private static final int HEADER_LENGTH = 110;
    private static final int DIRECTORY = 0040000;
    private static final int REGULAR = 0100000;
    private static final int CHARACTER_DEVICE = 0020000;

    private final OutputStream out;
    private long written;
    private int nextInode = 1;

    NewcArchive(OutputStream out) {
        this.out = out;
    }

    void directory(String name, int permissions) throws IOException {
        entry(name, DIRECTORY | permissions, 2, 0, 0, new byte[0]);
    }

    void file(String name, int permissions, byte[] content) throws IOException {
        entry(name, REGULAR | permissions, 1, 0, 0, content);
    }

    void characterDevice(String name, int permissions, int major, int minor) throws IOException {
        entry(name, CHARACTER_DEVICE | permissions, 1, major, minor, new byte[0]);
    }

    /** Writes the end-of-archive entry; nothing may be added after it. */
    void finish() throws IOException {
        nextInode = 0;
        entry("TRAILER!!!", 0, 1, 0, 0, new byte[0]);
    }

    private void entry(String name, int mode, int links, int rdevMajor, int rdevMinor, byte[] data)
            throws IOException {
        byte[] nameBytes = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        StringBuilder header = new StringBuilder(HEADER_LENGTH).append(MAGIC);
        int inode = nextInode == 0 ? 0 : nextInode++;
        // ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor namesize
        // check
        for (long field :
                new long[] {
                    inode,
                    mode,
                    0,
                    0,
                    links,
                    0,
                    data.length,
                    0,
                    0,
                    rdevMajor,
                    rdevMinor,
                    nameBytes.length,
                    0
                }) {
            header.append(String.format("%08X", field));
        }
        write(header.toString().getBytes(StandardCharsets.US_ASCII));
        write(nameBytes);
        pad();
        write(data);
        pad();
    }

    private void write(byte[] bytes) throws IOException {
        out.write(bytes);
        written += bytes.length;
    }

    /** Headers and data start on 4-byte boundaries. */
    private void pad() throws IOException {
        write(new byte[(int) ((4 - written % 4) % 4)]);
    }
}
