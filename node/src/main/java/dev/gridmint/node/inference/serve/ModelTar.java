package dev.gridmint.node.inference.serve;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The tar archive (POSIX ustar) that carries a model directory as one artifact. Writing is canonical (owner 0,
 * mode 0644, time 0, entries in the order given), so equal files give equal bytes. Reading is strict: only
 * regular files with plain names (no directories, links or paths), each name once, checksums verified.
 */
final class ModelTar {

    static final int BLOCK = 512;
    private static final byte[] MAGIC = "ustar\0".getBytes(StandardCharsets.US_ASCII);
    private static final int MAGIC_AT = 257;

    private ModelTar() {}

    /** Whether these bytes (the first block or more of a file) start a ustar archive. */
    static boolean looksLikeTar(byte[] head) {
        return head.length >= MAGIC_AT + MAGIC.length
                && Arrays.equals(head, MAGIC_AT, MAGIC_AT + MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    static byte[] write(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (var file : files.entrySet()) {
            out.writeBytes(header(file.getKey(), file.getValue().length));
            out.writeBytes(file.getValue());
            out.writeBytes(new byte[padding(file.getValue().length)]);
        }
        out.writeBytes(new byte[2 * BLOCK]);
        return out.toByteArray();
    }

    /**
     * Unpacks the archive into {@code dir}, accepting only the names in {@code allowed}; returns the names
     * unpacked. Throws {@link ModelFormatException} for anything that is not such an archive.
     */
    static Set<String> extract(InputStream in, Path dir, Set<String> allowed, long maxBytes) throws IOException {
        Set<String> names = new HashSet<>();
        long total = 0;
        while (true) {
            byte[] header = in.readNBytes(BLOCK);
            if (header.length < BLOCK) {
                throw corrupt("the archive ends inside a header");
            }
            if (isZero(header)) {
                return names;
            }
            if (!looksLikeTar(header) || checksum(header) != octal(header, 148, 8)) {
                throw corrupt("a tar header is damaged (bad magic or checksum)");
            }
            String name = text(header, 0, 100);
            if (header[156] != '0' && header[156] != 0) {
                throw corrupt("'" + name + "' is not a regular file; a model archive holds only files");
            }
            if (!allowed.contains(name) || !names.add(name)) {
                throw corrupt("unexpected or repeated entry '" + name + "'; a model archive holds " + allowed);
            }
            long size = octal(header, 124, 12);
            total += size;
            if (total > maxBytes) {
                throw corrupt("the archive unpacks to more than " + maxBytes + " bytes");
            }
            try (OutputStream file = Files.newOutputStream(dir.resolve(name))) {
                copy(in, file, size + padding(size), size);
            } catch (EOFException e) {
                throw corrupt("'" + name + "' is truncated");
            }
        }
    }

    private static byte[] header(String name, long size) {
        byte[] name8 = name.getBytes(StandardCharsets.US_ASCII);
        if (name8.length > 99) {
            throw new IllegalArgumentException("tar entry name too long: " + name);
        }
        byte[] h = new byte[BLOCK];
        System.arraycopy(name8, 0, h, 0, name8.length);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = '0';
        System.arraycopy(MAGIC, 0, h, MAGIC_AT, MAGIC.length);
        put(h, 263, "00");
        put(h, 148, String.format("%06o", checksum(h)));
        h[155] = ' ';
        return h;
    }

    /** The header's checksum: its bytes summed, with the checksum field itself counted as spaces. */
    private static long checksum(byte[] h) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += i >= 148 && i < 156 ? ' ' : Byte.toUnsignedInt(h[i]);
        }
        return sum;
    }

    private static long octal(byte[] h, int at, int length) {
        String digits = text(h, at, length).strip();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw corrupt("a tar header has a malformed number");
        }
        return Long.parseLong(digits, 8);
    }

    private static String text(byte[] h, int at, int length) {
        int end = at;
        while (end < at + length && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.US_ASCII);
    }

    private static void put(byte[] h, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, h, at, bytes.length);
    }

    private static int padding(long size) {
        return (int) ((BLOCK - size % BLOCK) % BLOCK);
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static ModelFormatException corrupt(String why) {
        return new ModelFormatException(ModelFormatException.CORRUPT, "a corrupt model archive: " + why);
    }

    /** Reads exactly {@code length} bytes, of which the first {@code keep} go to {@code out}. */
    private static void copy(InputStream in, OutputStream out, long length, long keep) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long done = 0;
        while (done < length) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, length - done));
            if (n < 0) {
                throw new EOFException();
            }
            if (done < keep) {
                out.write(buffer, 0, (int) Math.min(n, keep - done));
            }
            done += n;
        }
    }
}
