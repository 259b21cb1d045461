package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.inference.openai.OpenAiException;
import dev.gridmint.workloads.names.NamesModel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;

/**
 * API keys, each belonging to the wallet that signed for it. A key is shown once, when it is made;
 * only its SHA-256 is kept. Each grant's nonce is spent for as long as the grant could be replayed.
 * With a file, both survive a restart: the file is saved before a new key is shown.
 */
final class ApiKeys {

    static final String PREFIX = "gm_";
    private static final int KEY_BYTES = 24;

    record Holder(Address wallet, String keyHash) {}

    private record Spent(Address wallet, long nonce) {}

    private final String networkId;
    private final RandomGenerator random;
    private final Optional<JsonFile> file;
    private final Map<String, Holder> byHash = new ConcurrentHashMap<>();
    private final Map<Spent, Long> spent = new ConcurrentHashMap<>();

    ApiKeys(String networkId, RandomGenerator random) {
        this(networkId, random, Optional.empty());
    }

    private ApiKeys(String networkId, RandomGenerator random, Optional<JsonFile> file) {
        this.networkId = networkId;
        this.random = random;
        this.file = file;
    }

    /** The keys saved in {@code file}, or none yet. */
    static ApiKeys open(String networkId, RandomGenerator random, JsonFile file) {
        var keys = new ApiKeys(networkId, random, Optional.of(file));
        file.read().ifPresent(keys::load);
        return keys;
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
        save();
        return key;
    }

    Optional<Holder> find(String key) {
        return key == null || !key.startsWith(PREFIX) || key.length() > 64 ? Optional.empty() : Optional.ofNullable(byHash.get(hash(key)));
    }

    private static String hash(String key) {
        return NamesModel.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }

    private void save() {
        file.ifPresent(f -> {
            var document = new LinkedHashMap<String, Object>();
            document.put("version", 1);
            document.put("keys", byHash.values().stream().map(h -> Map.of("sha256", h.keyHash(), "wallet", h.wallet().toString())).toList());
            document.put("spent_grants", spent.entrySet().stream().map(e -> Map.of("wallet", e.getKey().wallet().toString(),
                    "nonce", e.getKey().nonce(), "expires", e.getValue())).toList());
            f.write(document);
        });
    }

    private void load(JsonNode document) {
        if (document.path("version").asInt() != 1) {
            throw new IllegalStateException("the API keys' file has version " + document.path("version") + ", not 1");
        }
        for (JsonNode key : document.path("keys")) {
            String hash = key.path("sha256").asString();
            byHash.put(hash, new Holder(Address.parse(key.path("wallet").asString()), hash));
        }
        for (JsonNode grant : document.path("spent_grants")) {
            spent.put(new Spent(Address.parse(grant.path("wallet").asString()), grant.path("nonce").asLong()), grant.path("expires").asLong());
        }
    }
}
