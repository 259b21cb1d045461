package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.inference.openai.OpenAiException;
import dev.gridmint.workloads.names.NamesModel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import tools.jackson.databind.JsonNode;

/**
 * API keys, each belonging to the wallet that signed for it. A key is shown once, when it is made;
 * only its SHA-256 is kept. The wallet can list its keys (with any of them) and revoke one (with its
 * signature). Each statement's nonce is spent for as long as the statement could be replayed. With a
 * file, all of it survives a restart: the file is saved before a new key is shown or a revocation
 * is confirmed.
 */
final class ApiKeys {

    static final String PREFIX = "gm_";
    private static final int KEY_BYTES = 24;

    /** A live key: its wallet, its SHA-256, the ledger second it was made, and what it may draw in all (0: no limit of its own). */
    record Holder(Address wallet, String keyHash, long created, long limitMicroCc) {
        /** The short name a key is shown and revoked by. */
        String id() {
            return keyHash.substring(0, KeyRevocation.MIN_ID_LENGTH);
        }

        OptionalLong limit() {
            return limitMicroCc > 0 ? OptionalLong.of(limitMicroCc) : OptionalLong.empty();
        }
    }

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
        check(grant, now);
        if (ofWallet(grant.wallet()).size() >= Gateway.MAX_KEYS_PER_WALLET) {
            throw new OpenAiException(409, "invalid_request_error", "too_many_keys", null, "the wallet holds " + Gateway.MAX_KEYS_PER_WALLET
                    + " keys, the most it may; revoke one first (gridmint infer revoke)");
        }
        spend(grant);
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = hash(key);
        byHash.put(hash, new Holder(grant.wallet(), hash, now, grant.limitMicroCc()));
        save();
        return key;
    }

    /** Checks the revocation at ledger second {@code now} and removes the one key of its wallet that its id names. */
    synchronized Holder revoke(KeyRevocation revocation, long now) {
        check(revocation, now);
        List<Holder> named = ofWallet(revocation.wallet()).stream().filter(h -> h.keyHash().startsWith(revocation.keyId())).toList();
        if (named.isEmpty()) {
            throw new OpenAiException(404, "invalid_request_error", "key_not_found", "key_id",
                    "the wallet holds no key " + revocation.keyId() + " (revoked already, or another wallet's)");
        }
        if (named.size() > 1) {
            throw new OpenAiException(409, "invalid_request_error", "ambiguous_key_id", "key_id",
                    revocation.keyId() + " starts " + named.size() + " of the wallet's keys; give more of its SHA-256");
        }
        spend(revocation);
        Holder revoked = named.getFirst();
        byHash.remove(revoked.keyHash());
        save();
        return revoked;
    }

    Optional<Holder> find(String key) {
        return key == null || !key.startsWith(PREFIX) || key.length() > 64 ? Optional.empty() : Optional.ofNullable(byHash.get(hash(key)));
    }

    /** The wallet's live keys, oldest first. */
    List<Holder> ofWallet(Address wallet) {
        return byHash.values().stream().filter(h -> h.wallet().equals(wallet))
                .sorted(Comparator.comparingLong(Holder::created).thenComparing(Holder::keyHash)).toList();
    }

    /** Signature, then the time window; the nonce is spent only once the statement is otherwise accepted. */
    private void check(KeyStatement statement, long now) {
        if (!statement.signedFor(networkId)) {
            throw new OpenAiException(401, "invalid_request_error", "bad_signature", "signature",
                    "the statement is not the wallet's signature for this network");
        }
        if (statement.expires() < now) {
            throw new OpenAiException(401, "invalid_request_error", "grant_expired", "expires",
                    "the statement expired at " + statement.expires());
        }
        if (statement.expires() > now + KeyStatement.MAX_LIFETIME_SECONDS) {
            throw OpenAiException.invalid("expires", "a statement is valid for at most " + KeyStatement.MAX_LIFETIME_SECONDS + " s");
        }
        spent.values().removeIf(expires -> expires < now);
        if (spent.containsKey(new Spent(statement.wallet(), statement.nonce()))) {
            throw new OpenAiException(409, "invalid_request_error", "grant_replayed", "nonce", "this statement was already used");
        }
    }

    private void spend(KeyStatement statement) {
        spent.put(new Spent(statement.wallet(), statement.nonce()), statement.expires());
    }

    private static String hash(String key) {
        return NamesModel.sha256Hex(key.getBytes(StandardCharsets.UTF_8));
    }

    private void save() {
        file.ifPresent(f -> {
            var document = new LinkedHashMap<String, Object>();
            document.put("version", 1);
            document.put("keys", byHash.values().stream().map(h -> Map.of("sha256", h.keyHash(), "wallet", h.wallet().toString(),
                    "created", h.created(), "limit_micro_cc", h.limitMicroCc())).toList());
            document.put("spent_grants", spent.entrySet().stream().map(e -> Map.of("wallet", e.getKey().wallet().toString(),
                    "nonce", e.getKey().nonce(), "expires", e.getValue())).toList());
            f.write(document);
        });
    }

    /** Files written before keys had a creation time or a limit read as made at second 0, without a limit. */
    private void load(JsonNode document) {
        if (document.path("version").asInt() != 1) {
            throw new IllegalStateException("the API keys' file has version " + document.path("version") + ", not 1");
        }
        for (JsonNode key : document.path("keys")) {
            String hash = key.path("sha256").asString();
            byHash.put(hash, new Holder(Address.parse(key.path("wallet").asString()), hash, key.path("created").asLong(0),
                    key.path("limit_micro_cc").asLong(0)));
        }
        for (JsonNode grant : document.path("spent_grants")) {
            spent.put(new Spent(Address.parse(grant.path("wallet").asString()), grant.path("nonce").asLong()), grant.path("expires").asLong());
        }
    }
}
