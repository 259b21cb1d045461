package dev.gridmint.core.crypto;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;

/**
 * libsodium's Ed25519 (Debian's {@code libsodium23}) called through the FFM API: the fastest
 * engine, when the library is on the machine. This class is core's one contact with the
 * outside world: it loads a system library once, at first use. Loading fails soft
 * ({@link #load()} answers empty and {@link Ed25519} falls back to BouncyCastle); once loaded
 * the calls are pure functions of their bytes. The downcalls are {@linkplain Linker.Option#critical
 * critical} with heap access, so Java arrays are passed without copies: each call is short and
 * never calls back into Java.
 */
final class LibsodiumEd25519Engine implements Ed25519Engine {

    /** Where the library is looked for, in order: the loader's search path first. */
    static final List<String> LIBRARY_NAMES = List.of(
            "libsodium.so.23", "/usr/lib/x86_64-linux-gnu/libsodium.so.23", "/usr/lib/aarch64-linux-gnu/libsodium.so.23",
            "libsodium.so", "libsodium.dylib");

    private final MethodHandle verifyDetached;
    private final MethodHandle signDetached;
    private final MethodHandle seedKeypair;

    private LibsodiumEd25519Engine(SymbolLookup library) throws Throwable {
        Linker linker = Linker.nativeLinker();
        var critical = Linker.Option.critical(true);
        MethodHandle init = linker.downcallHandle(find(library, "sodium_init"), FunctionDescriptor.of(ValueLayout.JAVA_INT));
        int initialised = (int) init.invokeExact();
        if (initialised < 0) {
            throw new IllegalStateException("sodium_init failed");
        }
        // int crypto_sign_ed25519_verify_detached(const unsigned char *sig, const unsigned char *m,
        //                                         unsigned long long mlen, const unsigned char *pk)
        verifyDetached = linker.downcallHandle(find(library, "crypto_sign_ed25519_verify_detached"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.ADDRESS), critical);
        // int crypto_sign_ed25519_detached(unsigned char *sig, unsigned long long *siglen_p, const unsigned char *m,
        //                                  unsigned long long mlen, const unsigned char *sk)
        signDetached = linker.downcallHandle(find(library, "crypto_sign_ed25519_detached"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), critical);
        // int crypto_sign_ed25519_seed_keypair(unsigned char *pk, unsigned char *sk, const unsigned char *seed)
        seedKeypair = linker.downcallHandle(find(library, "crypto_sign_ed25519_seed_keypair"),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS), critical);
    }

    private static MemorySegment find(SymbolLookup library, String symbol) {
        return library.find(symbol).orElseThrow(() -> new IllegalStateException("libsodium has no " + symbol));
    }

    /**
     * Loads libsodium and checks it against RFC 8032 TEST 1; empty when it is absent, unusable
     * (native access refused) or wrong. Never throws.
     */
    static Optional<LibsodiumEd25519Engine> load() {
        for (String name : LIBRARY_NAMES) {
            try {
                var engine = new LibsodiumEd25519Engine(SymbolLookup.libraryLookup(name, Arena.global()));
                return engine.passesSelfTest() ? Optional.of(engine) : Optional.empty();
            } catch (Throwable e) { // absent library, refused native access, missing symbol: all mean "not here"
                if (e instanceof VirtualMachineError error && !(e instanceof StackOverflowError)) {
                    throw error;
                }
            }
        }
        return Optional.empty();
    }

    private boolean passesSelfTest() {
        var hex = java.util.HexFormat.of();
        byte[] seed = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] expected = hex.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
        byte[] signature = sign(seed, new byte[0]);
        return java.util.Arrays.equals(signature, expected) && verify(publicKeyOf(seed), new byte[0], signature);
    }

    @Override
    public String name() {
        return "libsodium";
    }

    @Override
    public byte[] publicKeyOf(byte[] seed) {
        Ed25519Engine.requireSeed(seed);
        byte[] publicKey = new byte[32];
        byte[] secretKey = new byte[64];
        keypair(seed, publicKey, secretKey);
        java.util.Arrays.fill(secretKey, (byte) 0);
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] seed, byte[] message) {
        Ed25519Engine.requireSeed(seed);
        byte[] secretKey = secretKey(seed);
        byte[] signature = new byte[Ed25519.SIGNATURE_LENGTH];
        try {
            int rc = (int) signDetached.invokeExact(MemorySegment.ofArray(signature), MemorySegment.NULL,
                    MemorySegment.ofArray(message), (long) message.length, MemorySegment.ofArray(secretKey));
            if (rc != 0) {
                throw new IllegalStateException("crypto_sign_ed25519_detached returned " + rc);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        } finally {
            java.util.Arrays.fill(secretKey, (byte) 0);
        }
        return signature;
    }

    @Override
    public boolean verifyWellFormed(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            return (int) verifyDetached.invokeExact(MemorySegment.ofArray(signature), MemorySegment.ofArray(message),
                    (long) message.length, MemorySegment.ofArray(publicKey)) == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    /**
     * libsodium's 64-byte secret key is the seed followed by the public key. Deriving the public key is
     * a scalar multiplication, as dear as the signature itself, so each thread remembers the public key
     * of the last seed it signed with: a thread that signs with one key (the coordinator's scheduler)
     * derives it once. The seed is compared in full, never trusted by identity: a signature made with
     * the wrong public key would leak the private key.
     */
    private byte[] secretKey(byte[] seed) {
        byte[][] last = LAST_KEY.get();
        byte[] secretKey = new byte[64];
        if (last != null && java.util.Arrays.equals(last[0], seed)) {
            System.arraycopy(seed, 0, secretKey, 0, 32);
            System.arraycopy(last[1], 0, secretKey, 32, 32);
            return secretKey;
        }
        byte[] publicKey = new byte[32];
        keypair(seed, publicKey, secretKey);
        LAST_KEY.set(new byte[][] {seed.clone(), publicKey});
        return secretKey;
    }

    private static final ThreadLocal<byte[][]> LAST_KEY = new ThreadLocal<>();

    private void keypair(byte[] seed, byte[] publicKey, byte[] secretKey) {
        try {
            int rc = (int) seedKeypair.invokeExact(MemorySegment.ofArray(publicKey), MemorySegment.ofArray(secretKey),
                    MemorySegment.ofArray(seed));
            if (rc != 0) {
                throw new IllegalStateException("crypto_sign_ed25519_seed_keypair returned " + rc);
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
