package dev.gridmint.core.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Ed25519 over raw 32-byte keys: the static entry points the whole code base calls. They
 * delegate to one {@link Ed25519Engine}, chosen once per JVM: the fastest one present
 * (libsodium, then BouncyCastle, then the JDK), or the one named by the system property
 * {@value #ENGINE_PROPERTY} ({@code jdk}, {@code bouncycastle} or {@code libsodium}; asking for
 * libsodium where it cannot load falls back to BouncyCastle). Every engine accepts exactly the
 * same signatures ({@link Ed25519Rules}), so the choice changes speed, never the ledger.
 */
public final class Ed25519 {

    public static final int SIGNATURE_LENGTH = 64;
    public static final int SEED_LENGTH = 32;
    public static final int PUBLIC_KEY_LENGTH = 32;

    /** The system property that overrides the engine choice. */
    public static final String ENGINE_PROPERTY = "gridmint.ed25519";

    private Ed25519() {}

    public static byte[] sign(byte[] seed, byte[] message) {
        return engine().sign(seed, message);
    }

    /** True only for a valid signature; malformed keys or signatures are simply invalid. */
    public static boolean verify(Address signer, byte[] message, byte[] signature) {
        return engine().verify(signer.rawKey(), message, signature);
    }

    public static Address publicKeyOf(byte[] seed) {
        return new Address(engine().publicKeyOf(seed));
    }

    /** The engine every static call uses. */
    public static Ed25519Engine engine() {
        return Selected.ENGINE;
    }

    /** Every engine that works on this machine, fastest first; the JDK's is always last and always there. */
    public static List<Ed25519Engine> available() {
        return Available.ENGINES;
    }

    /** An engine by name, if it works on this machine. */
    public static java.util.Optional<Ed25519Engine> named(String name) {
        return available().stream().filter(engine -> engine.name().equals(name)).findFirst();
    }

    /** Chooses for a property value: null or blank means the fastest. Unknown names are refused. */
    static Ed25519Engine choose(String requested, List<Ed25519Engine> available) {
        if (requested == null || requested.isBlank()) {
            return available.getFirst();
        }
        String name = requested.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "jdk" -> JdkEd25519Engine.INSTANCE;
            case "bouncycastle" -> BouncyCastleEd25519Engine.INSTANCE;
            case "libsodium" -> available.stream().filter(e -> e.name().equals("libsodium")).findFirst()
                    .orElse(BouncyCastleEd25519Engine.INSTANCE);
            default -> throw new IllegalArgumentException(
                    ENGINE_PROPERTY + " must be jdk, bouncycastle or libsodium, got '" + requested + "'");
        };
    }

    private static final class Available {
        static final List<Ed25519Engine> ENGINES;

        static {
            List<Ed25519Engine> engines = new ArrayList<>();
            LibsodiumEd25519Engine.load().ifPresent(engines::add);
            engines.add(BouncyCastleEd25519Engine.INSTANCE);
            engines.add(JdkEd25519Engine.INSTANCE);
            ENGINES = List.copyOf(engines);
        }
    }

    private static final class Selected {
        static final Ed25519Engine ENGINE = choose(System.getProperty(ENGINE_PROPERTY), Available.ENGINES);
    }
}
