package dev.gridmint.core.testing;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deterministic keypairs for tests. The seed of {@code of("alice")} is SHA-256 of the UTF-8
 * bytes of {@code "alice"}, so the same name gives the same address in every module, on every
 * machine and in every run. Never use these keys for anything but tests.
 */
public final class TestKeys {

    private static final Map<String, Keypair> CACHE = new ConcurrentHashMap<>();

    private TestKeys() {}

    /** The keypair whose seed is SHA-256 of the name. */
    public static Keypair of(String name) {
        return CACHE.computeIfAbsent(name, n -> Keypair.fromSeed(seedOf(n)));
    }

    /** The keypair named {@code "key-<index>"}. */
    public static Keypair of(int index) {
        return of("key-" + index);
    }

    /** {@code count} keypairs named {@code prefix-0 .. prefix-(count-1)}. */
    public static List<Keypair> of(String prefix, int count) {
        List<Keypair> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(of(prefix + "-" + i));
        }
        return List.copyOf(keys);
    }

    /** The 32-byte seed behind {@link #of(String)}. */
    public static byte[] seedOf(String name) {
        return Hash.sha256(name.getBytes(StandardCharsets.UTF_8)).bytes();
    }
}
