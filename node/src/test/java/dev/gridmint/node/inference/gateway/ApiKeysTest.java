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

    private static void assertRefused(Runnable action, int status, String code) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(OpenAiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
