package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.protocol.SealedSecrets.Code;
import dev.gridmint.node.protocol.SealedSecrets.Opened;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {

    private static final String NETWORK = "gridmint-test";
    private static final Keypair PROVIDER = Keypair.generate(new Random(1));
    private static final Keypair OTHER_PROVIDER = Keypair.generate(new Random(2));
    private static final String TENANT = Keypair.generate(new Random(3)).address().toString();
    private final SecureRandom random = new SecureRandom();
    private final KeyPair key = SealedSecrets.generateKey();
    private final SealedSecrets.SealingKey announced = SealedSecrets.announce(PROVIDER, NETWORK, key.getPublic());

    @Test
    void aSealedSecretOpensWithTheProvidersKeyForTheSameTenant() {
        String sealed = SealedSecrets.seal(announced, NETWORK, TENANT, "API_TOKEN", "tok-3f9a é", random);

        assertThat(sealed).startsWith("API_TOKEN:").doesNotContain("tok-3f9a");
        assertThat(sealed.getBytes()).hasSizeLessThanOrEqualTo(256);
        assertThat(SealedSecrets.open(sealed, key, NETWORK, TENANT)).isEqualTo(new Opened.Secret("API_TOKEN", "tok-3f9a é"));
        assertThat(SealedSecrets.open(sealed, key, NETWORK, TENANT).toString()).doesNotContain("tok-3f9a");
    }

    @Test
    void theLongestValueFitsOneLedgerArgument() {
        String sealed = SealedSecrets.seal(announced, NETWORK, TENANT, "A_RATHER_LONG_SECRET_NAME", "x".repeat(SealedSecrets.MAX_VALUE_BYTES),
                random);

        assertThat(sealed.getBytes().length).isLessThanOrEqualTo(256);
        assertThatThrownBy(() -> SealedSecrets.seal(announced, NETWORK, TENANT, "S", "x".repeat(SealedSecrets.MAX_VALUE_BYTES + 1), random))
                .hasMessageContaining("longer than");
    }

    @Test
    void aTamperedEnvelopeIsRefused() {
        String sealed = SealedSecrets.seal(announced, NETWORK, TENANT, "TOKEN", "hunter2", random);
        byte[] envelope = Base64.getUrlDecoder().decode(sealed.substring("TOKEN:".length()));
        envelope[envelope.length - 3] ^= 1;
        String tampered = "TOKEN:" + Base64.getUrlEncoder().withoutPadding().encodeToString(envelope);

        assertThat(SealedSecrets.open(tampered, key, NETWORK, TENANT)).isInstanceOfSatisfying(Opened.Refused.class,
                refused -> assertThat(refused.code()).isEqualTo(Code.SECRET_TAMPERED));
    }

    @Test
    void anEnvelopeMovedToAnotherTenantNameOrNetworkDoesNotOpen() {
        String sealed = SealedSecrets.seal(announced, NETWORK, TENANT, "TOKEN", "hunter2", random);
        String thief = Keypair.generate(new Random(9)).address().toString();

        assertThat(code(SealedSecrets.open(sealed, key, NETWORK, thief))).isEqualTo(Code.SECRET_TAMPERED);
        assertThat(code(SealedSecrets.open(sealed.replaceFirst("TOKEN", "LOG_LEVEL"), key, NETWORK, TENANT)))
                .isEqualTo(Code.SECRET_TAMPERED);
        assertThat(code(SealedSecrets.open(sealed, key, "another-network", TENANT))).isEqualTo(Code.SECRET_TAMPERED);
    }

    @Test
    void anotherProvidersKeyIsRefusedAsNotForIt() {
        String sealed = SealedSecrets.seal(announced, NETWORK, TENANT, "TOKEN", "hunter2", random);

        assertThat(code(SealedSecrets.open(sealed, SealedSecrets.generateKey(), NETWORK, TENANT)))
                .isEqualTo(Code.SECRET_NOT_FOR_THIS_PROVIDER);
    }

    @Test
    void malformedArgumentsAreRefused() {
        assertThat(code(SealedSecrets.open("no-colon", key, NETWORK, TENANT))).isEqualTo(Code.BAD_SEALED_SECRET);
        assertThat(code(SealedSecrets.open("TOKEN:***", key, NETWORK, TENANT))).isEqualTo(Code.BAD_SEALED_SECRET);
        assertThat(code(SealedSecrets.open("TOKEN:AAAA", key, NETWORK, TENANT))).isEqualTo(Code.BAD_SEALED_SECRET);
        assertThat(code(SealedSecrets.open("1BAD:AAAA", key, NETWORK, TENANT))).isEqualTo(Code.BAD_SEALED_SECRET);
    }

    @Test
    void theAnnouncementIsTheProvidersSignatureOverItsKeyOnThisNetwork() {
        assertThat(SealedSecrets.problem(announced, NETWORK)).isEmpty();
        assertThat(SealedSecrets.problem(announced, "another-network")).isPresent();
        var claimedByOther = new SealedSecrets.SealingKey(OTHER_PROVIDER.address().toString(), announced.publicKey(),
                announced.signature());
        assertThat(SealedSecrets.problem(claimedByOther, NETWORK)).hasValueSatisfying(p -> assertThat(p).contains("not signed"));
        var swappedKey = new SealedSecrets.SealingKey(announced.address(),
                SealedSecrets.announce(PROVIDER, NETWORK, SealedSecrets.generateKey().getPublic()).publicKey(), announced.signature());
        assertThat(SealedSecrets.problem(swappedKey, NETWORK)).isPresent();
    }

    private static Code code(Opened opened) {
        return ((Opened.Refused) opened).code();
    }
}
