package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.inference.openai.OpenAiException;
import dev.gridmint.workloads.names.NamesModel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * API keys, each belonging to the wallet that signed for it. A key is shown once, when it is made;
 * only its SHA-256 is kept. Each grant's nonce is spent for as long as the grant could be replayed.
 */
final class ApiKeys {

    static final String PREFIX = "gm_";
    private static final int KEY_BYTES = 24;

    record Holder(Address wallet, String keyHash) {}

    private record Spent(Address wallet, long nonce) {}

    private final String networkId;
    private final RandomGenerator random;
    private final Map<String, Holder> byHash = new ConcurrentHashMap<>();
    private final Map<Spent, Long> spent = new ConcurrentHashMap<>();

    ApiKeys(String networkId, RandomGenerator random) {
        this.networkId = networkId;
        this.random = random;
    }

    /** Checks the grant at ledger second {@code now} and returns the new key's text. */
    synchronized String create(KeyGrant grant, long now) {
        if (!grant.signedFor(networkId)) {
            throw new OpenAiException(401, "invalid_request_error", "bad_signature", "signature",
                    "the grant is not the wallet's signature for this network");
        }
        if (grant.expires() < now) {
            throw new OpenAiException(401, "invalid_request_error", "grant_expired", "expires", "the grant expired at " + grant.expires());
        }
        if (grant.expires() > now + KeyGrant.MAX_LIFETIME_SECONDS) {
            throw OpenAiException.invalid("expires", "a grant is valid for at most " + KeyGrant.MAX_LIFETIME_SECONDS + " s");
        }
        spent.values().removeIf(expires -> expires < now);
        if (spent.putIfAbsent(new Spent(grant.wallet(), grant.nonce()), grant.expires()) != null) {
            throw new OpenAiException(409, "invalid_request_error", "grant_replayed", "nonce", "this grant was already used");
        }
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = hash(key);
        byHash.put(hash, new Holder(grant.wallet(), hash));
        return key;
    }

    Optional<Holder> find(String key) {
        return key == null || !key.startsWith(PREFIX) || key.length() > 64 ? Optional.empty() : Optional.ofNullable(byHash.get(hash(key)));
    }

    private static String hash(String key) {
        return NamesModel.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }
}
