package dev.gridmint.core.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Keypair files in the Solana CLI format: a JSON array of the 64 keypair bytes, such as
 * {@code [12,250,...]}. A file written here is read by {@code solana-keygen} and back.
 */
public final class KeypairFile {

    private static final int MAX_FILE_BYTES = 4096;

    private KeypairFile() {}

    public static String format(Keypair keypair) {
        var out = new StringBuilder("[");
        byte[] bytes = keypair.toSolanaBytes();
        for (int i = 0; i < bytes.length; i++) {
            out.append(i == 0 ? "" : ",").append(bytes[i] & 0xff);
        }
        return out.append(']').toString();
    }

    /** Parses the JSON array strictly: exactly 64 integers from 0 to 255, nothing else. */
    public static Keypair parse(String json) {
        String body = json.strip();
        if (!body.startsWith("[") || !body.endsWith("]")) {
            throw new IllegalArgumentException("a keypair file is a JSON array of 64 numbers");
        }
        String[] parts = body.substring(1, body.length() - 1).split(",", -1);
        if (parts.length != 64) {
            throw new IllegalArgumentException("a keypair file holds 64 numbers, found " + parts.length);
        }
        byte[] bytes = new byte[64];
        for (int i = 0; i < 64; i++) {
            bytes[i] = (byte) parseByte(parts[i].strip(), i);
        }
        return Keypair.fromSolanaBytes(bytes);
    }

    public static Keypair read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IllegalArgumentException(file + " is too large to be a keypair file");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Writes the file readable by its owner only, as the Solana CLI does, and refuses to overwrite. */
    public static void write(Path file, Keypair keypair) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Create the file private from the start, so the secret key is never readable by others, even briefly.
        boolean posix;
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            posix = true;
        } catch (UnsupportedOperationException notPosix) {
            // Windows keeps its own ACLs; the file is still private to the user's profile.
            Files.createFile(file);
            posix = false;
        }
        Files.writeString(file, format(keypair), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.WRITE);
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static int parseByte(String text, int index) {
        // ASCII digits only: Character.isDigit (and Integer.parseInt) would also take other scripts' digits.
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("element " + index + " is not a number from 0 to 255: '" + text + "'");
        }
        int value = Integer.parseInt(text);
        if (value > 255) {
            throw new IllegalArgumentException("element " + index + " is out of the byte range: " + value);
        }
        return value;
    }
}
