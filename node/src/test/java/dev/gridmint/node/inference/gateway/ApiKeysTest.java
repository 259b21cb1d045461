package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.inference.openai.OpenAiException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    private static final String NETWORK = "gridmint-test";
    private final Keypair wallet = Keypair.generate(new SplittableRandom(1));
    private final ApiKeys keys = new ApiKeys(NETWORK, new SplittableRandom(2));

    @Test
    void aKeyBelongsToTheWalletThatSignedForItAndOnlyItsHashIsKept() {
        String key = keys.create(KeyGrant.sign(wallet, NETWORK, 1, 100), 50);
        assertThat(key).startsWith(ApiKeys.PREFIX);
        ApiKeys.Holder holder = keys.find(key).orElseThrow();
        assertThat(holder.wallet()).isEqualTo(wallet.address());
        assertThat(holder.keyHash()).doesNotContain(key.substring(ApiKeys.PREFIX.length()));
        assertThat(keys.find(key + "x")).isEmpty();
        assertThat(keys.find(null)).isEmpty();
    }

    @Test
    void aGrantIsSpentOnceAndMustBeFreshAndSignedForThisNetwork() {
        keys.create(KeyGrant.sign(wallet, NETWORK, 1, 100), 50);
        assertRefused(() -> keys.create(KeyGrant.sign(wallet, NETWORK, 1, 100), 50), 409, "grant_replayed");
        assertRefused(() -> keys.create(KeyGrant.sign(wallet, NETWORK, 2, 40), 50), 401, "grant_expired");
        assertRefused(() -> keys.create(KeyGrant.sign(wallet, NETWORK, 3, 50 + KeyGrant.MAX_LIFETIME_SECONDS + 1), 50), 400,
                "invalid_request");
        assertRefused(() -> keys.create(KeyGrant.sign(wallet, "another-network", 4, 100), 50), 401, "bad_signature");
        // A new nonce makes a second key.
        assertThat(keys.create(KeyGrant.sign(wallet, NETWORK, 5, 100), 50)).startsWith(ApiKeys.PREFIX);
    }

    @Test
    void aWalletListsItsOwnKeysAndRevokesOneByItsId() {
        String first = keys.create(KeyGrant.sign(wallet, NETWORK, 1, 100), 50);
        String second = keys.create(KeyGrant.sign(wallet, NETWORK, 2, 100), 60);
        Keypair other = Keypair.generate(new SplittableRandom(3));
        keys.create(KeyGrant.sign(other, NETWORK, 1, 100), 70);
        assertThat(keys.ofWallet(wallet.address())).extracting(ApiKeys.Holder::created).containsExactly(50L, 60L);

        ApiKeys.Holder firstHolder = keys.find(first).orElseThrow();
        assertRefused(() -> keys.revoke(KeyRevocation.sign(other, NETWORK, firstHolder.id(), 2, 100), 80), 404, "key_not_found");
        assertThat(keys.revoke(KeyRevocation.sign(wallet, NETWORK, firstHolder.id(), 3, 100), 80)).isEqualTo(firstHolder);
        assertThat(keys.find(first)).isEmpty();
        assertThat(keys.find(second)).isPresent();
        assertRefused(() -> keys.revoke(KeyRevocation.sign(wallet, NETWORK, firstHolder.id(), 3, 100), 80), 409, "grant_replayed");
        assertRefused(() -> keys.revoke(KeyRevocation.sign(wallet, NETWORK, firstHolder.id(), 4, 100), 80), 404, "key_not_found");
        // The whole hash names a key as well as its start does.
        String secondHash = keys.find(second).orElseThrow().keyHash();
        keys.revoke(KeyRevocation.sign(wallet, NETWORK, secondHash, 5, 100), 80);
        assertThat(keys.ofWallet(wallet.address())).isEmpty();
    }

    @Test
    void aRefusedStatementDoesNotSpendItsNonce() {
        assertRefused(() -> keys.revoke(KeyRevocation.sign(wallet, NETWORK, "0123456789ab", 1, 100), 50), 404, "key_not_found");
        assertThat(keys.create(KeyGrant.sign(wallet, NETWORK, 1, 100), 50)).startsWith(ApiKeys.PREFIX);
    }

    @Test
    void aWalletHoldsAtMostAHundredKeys() {
        for (int i = 0; i < Gateway.MAX_KEYS_PER_WALLET; i++) {
            keys.create(KeyGrant.sign(wallet, NETWORK, i, 100), 50);
        }
        assertRefused(() -> keys.create(KeyGrant.sign(wallet, NETWORK, 1_000, 100), 50), 409, "too_many_keys");
        String id = keys.ofWallet(wallet.address()).getFirst().id();
        keys.revoke(KeyRevocation.sign(wallet, NETWORK, id, 1_001, 100), 50);
        assertThat(keys.create(KeyGrant.sign(wallet, NETWORK, 1_000, 100), 50)).startsWith(ApiKeys.PREFIX);
    }

    @Test
    void aKeyKeepsTheLimitItsWalletSigned() {
        assertThat(keys.find(keys.create(KeyGrant.sign(wallet, NETWORK, 1, 100), 50)).orElseThrow().limit()).isEmpty();
        assertThat(keys.find(keys.create(KeyGrant.sign(wallet, NETWORK, 2, 100, 7_000), 50)).orElseThrow().limit()).hasValue(7_000);
        assertThatThrownBy(() -> KeyGrant.sign(wallet, NETWORK, 3, 100, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyIdIsTwelveToSixtyFourLowercaseHexDigits() {
        for (String bad : new String[] {"0123456789a", "0123456789AB", "0123456789ag", "0".repeat(65), ""}) {
            assertThatThrownBy(() -> KeyRevocation.sign(wallet, NETWORK, bad, 1, 100)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void assertRefused(Runnable action, int status, String code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(OpenAiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
