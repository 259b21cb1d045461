package dev.gridmint.workloads.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A worker's Ed25519 key, read from a Solana-style keypair file (a JSON array of 64 bytes: the 32-byte seed,
 * then the public key) and used through the JDK's own Ed25519, so the worker JVM needs no library.
 */
public final class WorkerKey {

    /** The DER prefix of a PKCS#8 Ed25519 private key, before its 32-byte seed (RFC 8410). */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final int KEYPAIR_BYTES = 64;
    private static final int MAX_FILE_CHARS = 1024;

    private final PrivateKey key;
    private final byte[] publicKey;

    private WorkerKey(PrivateKey key, byte[] publicKey) {
        this.key = key;
        this.publicKey = publicKey;
    }

    public static WorkerKey read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_CHARS) {
            throw new IOException(file + " is too large for a keypair file");
        }
        return of(parse(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** A key from the 64 keypair bytes: the seed signs, the public half names the worker when it joins. */
    static WorkerKey of(byte[] keypair) {
        byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + 32);
        System.arraycopy(keypair, 0, der, PKCS8_PREFIX.length, 32);
        try {
            return new WorkerKey(KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der)),
                    Arrays.copyOfRange(keypair, 32, KEYPAIR_BYTES));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 seed: " + e.getMessage(), e);
        }
    }

    /** The raw 32-byte public key in lowercase hex: what a worker sends to join a session by its key. */
    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    public byte[] sign(byte[] message) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(message);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is required by every Java platform", e);
        }
    }

    /** Parses {@code [n,n,...]} with exactly 64 numbers 0..255. */
    static byte[] parse(String json) {
        String body = json.strip();
        if (!body.startsWith("[") || !body.endsWith("]")) {
            throw new IllegalArgumentException("a keypair file is a JSON array of 64 bytes");
        }
        String[] items = body.substring(1, body.length() - 1).split(",", -1);
        if (items.length != KEYPAIR_BYTES) {
            throw new IllegalArgumentException("a keypair file holds 64 bytes, not " + items.length);
        }
        byte[] bytes = new byte[KEYPAIR_BYTES];
        for (int i = 0; i < KEYPAIR_BYTES; i++) {
            String item = items[i].strip();
            if (!item.matches("\\d{1,3}") || Integer.parseInt(item) > 255) {
                throw new IllegalArgumentException("keypair byte " + i + " is not 0..255: '" + item + "'");
            }
            bytes[i] = (byte) Integer.parseInt(item);
        }
        return bytes;
    }
}
