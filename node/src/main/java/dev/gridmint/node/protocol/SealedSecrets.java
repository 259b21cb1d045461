package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

/**
 * Secrets a tenant puts into a job's public arguments, sealed so that only the provider it names can
 * read them. The provider announces an X25519 key signed with its Ed25519 key ({@link SealingKey}); the
 * tenant verifies that signature against the provider's address, then seals each secret with a fresh
 * ephemeral X25519 key: HKDF-SHA256 over the shared secret gives an AES-256-GCM key, and the
 * authenticated data binds the network, the tenant, the secret's name and the recipient key, so an
 * envelope copied from the ledger into another tenant's job, under another name, or to another
 * network does not open. JDK crypto only.
 *
 * <p>An argument is {@code NAME:} then the unpadded base64url envelope: version (1 byte), recipient key
 * id (the first 8 bytes of the SHA-256 of its public key), the ephemeral public key (32), the GCM
 * nonce (12) and the ciphertext with its 16-byte tag. A job argument is at most 256 bytes on the
 * ledger, which leaves {@value #MAX_VALUE_BYTES} bytes for a value.
 */
public final class SealedSecrets {

    /** The container job option that carries one sealed secret. */
    public static final String OPTION = "--sealed-secret";
    public static final int MAX_VALUE_BYTES = 96;
    private static final byte VERSION = 1;
    private static final int KEY_BYTES = 32;
    private static final int KEY_ID_BYTES = 8;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_BYTES = 1 + KEY_ID_BYTES + KEY_BYTES + NONCE_BYTES;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final byte[] DOMAIN = "gridmint/sealed-secret/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ANNOUNCE_DOMAIN = "gridmint/sealing-key/v1".getBytes(StandardCharsets.UTF_8);

    private SealedSecrets() {}

    /** Why a sealed secret does not open. Stable codes for the tenant and scripts. */
    public enum Code {
        /** Not {@code NAME:envelope}, not base64url, or an envelope of the wrong shape or version. */
        BAD_SEALED_SECRET,
        /** Sealed to another provider's key (or an older key of this one). */
        SECRET_NOT_FOR_THIS_PROVIDER,
        /** The envelope was altered, or sealed for another tenant, name or network. */
        SECRET_TAMPERED
    }

    /** A provider's X25519 public key (raw, base64url) and its Ed25519 signature over it, as the provider announced them. */
    public record SealingKey(String address, String publicKey, String signature) {}

    /** The outcome of opening one argument. */
    public sealed interface Opened {
        record Secret(String name, String value) implements Opened {
            /** The value stays out of every log line. */
            @Override
            public String toString() {
                return "Secret[" + name + "=(hidden)]";
            }
        }

        record Refused(Code code, String message) implements Opened {
            @Override
            public String toString() {
                return code + ": " + message;
            }
        }
    }

    public static KeyPair generateKey() {
        try {
            return KeyPairGenerator.getInstance("X25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no X25519", e);
        }
    }

    /** The provider's announcement of {@code key}, signed for {@code networkId}. */
    public static SealingKey announce(Keypair provider, String networkId, PublicKey key) {
        byte[] raw = raw(key);
        String address = provider.address().toString();
        byte[] signature = provider.sign(announcement(networkId, address, raw));
        return new SealingKey(address, b64(raw), Base64.getEncoder().encodeToString(signature));
    }

    /** Why the announcement is not the named provider's key on {@code networkId}; empty when it is. */
    public static Optional<String> problem(SealingKey key, String networkId) {
        try {
            byte[] raw = unb64(key.publicKey());
            if (raw.length != KEY_BYTES) {
                return Optional.of("a sealing key is 32 bytes");
            }
            Address provider = Address.parse(key.address());
            byte[] signature = Base64.getDecoder().decode(key.signature());
            return Ed25519.verify(provider, announcement(networkId, key.address(), raw), signature) ? Optional.empty()
                    : Optional.of("the sealing key is not signed by " + key.address());
        } catch (RuntimeException malformed) {
            return Optional.of("the sealing key announcement is malformed: " + malformed.getMessage());
        }
    }

    /** Seals {@code value} to a verified provider key: one argument for {@link #OPTION}. */
    public static String seal(SealingKey recipient, String networkId, String tenant, String name, String value, SecureRandom random) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a secret's name must match " + NAME.pattern());
        }
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        if (plain.length > MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("secret " + name + " is longer than " + MAX_VALUE_BYTES + " bytes");
        }
        try {
            byte[] recipientKey = unb64(recipient.publicKey());
            KeyPair ephemeral = KeyPairGenerator.getInstance("X25519").generateKeyPair();
            byte[] ephemeralKey = raw(ephemeral.getPublic());
            byte[] keyId = keyId(recipientKey);
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            byte[] shared = agree(ephemeral, publicKey(recipientKey));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey(shared, ephemeralKey, recipientKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(networkId, tenant, name, keyId));
            byte[] sealed = cipher.doFinal(plain);
            ByteBuffer envelope = ByteBuffer.allocate(HEADER_BYTES + sealed.length)
                    .put(VERSION).put(keyId).put(ephemeralKey).put(nonce).put(sealed);
            return name + ":" + b64(envelope.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal with the JDK's X25519 and AES-GCM", e);
        }
    }

    /** Opens one {@link #OPTION} argument with the provider's own key pair, for the job of {@code tenant}. */
    public static Opened open(String argument, KeyPair mine, String networkId, String tenant) {
        int colon = argument.indexOf(':');
        if (colon <= 0 || !NAME.matcher(argument.substring(0, colon)).matches()) {
            return refused(Code.BAD_SEALED_SECRET, "a sealed secret is NAME:envelope");
        }
        String name = argument.substring(0, colon);
        byte[] envelope;
        try {
            envelope = unb64(argument.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return refused(Code.BAD_SEALED_SECRET, "the envelope of " + name + " is not base64url");
        }
        if (envelope.length < HEADER_BYTES + TAG_BITS / 8 || envelope[0] != VERSION) {
            return refused(Code.BAD_SEALED_SECRET, "the envelope of " + name + " is not a version " + VERSION + " envelope");
        }
        byte[] myKey = raw(mine.getPublic());
        byte[] keyId = Arrays.copyOfRange(envelope, 1, 1 + KEY_ID_BYTES);
        if (!Arrays.equals(keyId, keyId(myKey))) {
            return refused(Code.SECRET_NOT_FOR_THIS_PROVIDER, name + " is sealed to another provider's key");
        }
        byte[] ephemeralKey = Arrays.copyOfRange(envelope, 1 + KEY_ID_BYTES, 1 + KEY_ID_BYTES + KEY_BYTES);
        byte[] nonce = Arrays.copyOfRange(envelope, HEADER_BYTES - NONCE_BYTES, HEADER_BYTES);
        try {
            byte[] shared = agree(mine, publicKey(ephemeralKey));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, aesKey(shared, ephemeralKey, myKey), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(networkId, tenant, name, keyId));
            byte[] plain = cipher.doFinal(envelope, HEADER_BYTES, envelope.length - HEADER_BYTES);
            return new Opened.Secret(name, new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalStateException e) {
            return refused(Code.SECRET_TAMPERED, name + " does not open: altered, or sealed for another tenant, name or network");
        }
    }

    /** The name an argument seals a value for, without opening it; empty for a malformed one. */
    public static Optional<String> name(String argument) {
        int colon = argument.indexOf(':');
        return colon > 0 && NAME.matcher(argument.substring(0, colon)).matches() ? Optional.of(argument.substring(0, colon))
                : Optional.empty();
    }

    /** The raw 32 bytes of an X25519 public key: its u-coordinate, little-endian (RFC 7748). */
    public static byte[] raw(PublicKey key) {
        byte[] bigEndian = ((XECPublicKey) key).getU().toByteArray();
        byte[] raw = new byte[KEY_BYTES];
        for (int i = 0; i < Math.min(KEY_BYTES, bigEndian.length); i++) {
            raw[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return raw;
    }

    static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
        byte[] bigEndian = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            bigEndian[i] = raw[KEY_BYTES - 1 - i];
        }
        // RFC 7748: the top bit of the last byte is masked off.
        bigEndian[0] &= 0x7f;
        return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                new BigInteger(1, bigEndian)));
    }

    private static byte[] agree(KeyPair own, PublicKey other) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("X25519");
        agreement.init(own.getPrivate());
        agreement.doPhase(other, true);
        return agreement.generateSecret();
    }

    /** HKDF-SHA256: salted with both public keys, so the key belongs to this exchange alone. */
    private static SecretKey aesKey(byte[] shared, byte[] ephemeralKey, byte[] recipientKey) throws GeneralSecurityException {
        byte[] salt = ByteBuffer.allocate(2 * KEY_BYTES).put(ephemeralKey).put(recipientKey).array();
        KDF hkdf = KDF.getInstance("HKDF-SHA256");
        return hkdf.deriveKey("AES", HKDFParameterSpec.ofExtract().addIKM(shared).addSalt(salt).thenExpand(DOMAIN, 32));
    }

    private static byte[] aad(String networkId, String tenant, String name, byte[] keyId) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).text(tenant).text(name).fixed(keyId).toByteArray();
    }

    private static byte[] announcement(String networkId, String address, byte[] raw) {
        return new ByteWriter().fixed(ANNOUNCE_DOMAIN).text(networkId).text(address).fixed(raw).toByteArray();
    }

    private static byte[] keyId(byte[] rawKey) {
        return Arrays.copyOf(Hash.sha256(rawKey).bytes(), KEY_ID_BYTES);
    }

    private static Opened refused(Code code, String message) {
        return new Opened.Refused(code, message);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }
}
