package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Transfer;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AgentAuthTest {

    private static final Keypair PROVIDER = TestKeys.of("provider-1");
    private static final Keypair OTHER = TestKeys.of("provider-2");
    private static final AgentMessage.Challenge CHALLENGE =
            new AgentMessage.Challenge("gridmint-test", "00112233445566778899aabbccddeeff");

    @Test
    void anAnswerSignedWithTheProvidersKeyVerifies() {
        var hello = AgentAuth.answer(PROVIDER, CHALLENGE);

        assertThat(hello.address()).isEqualTo(PROVIDER.address().toString());
        assertThat(AgentAuth.verify(CHALLENGE, hello)).isTrue();
    }

    @Test
    void anAnswerSignedWithAnotherKeyDoesNotVerify() {
        var signedByOther = AgentAuth.answer(OTHER, CHALLENGE);

        var claimed = new AgentMessage.Hello(PROVIDER.address().toString(), signedByOther.signature());

        assertThat(AgentAuth.verify(CHALLENGE, claimed)).isFalse();
    }

    @Test
    void anAnswerToAnotherNonceDoesNotVerify() {
        var hello = AgentAuth.answer(PROVIDER, new AgentMessage.Challenge(CHALLENGE.networkId(), "ffeeddccbbaa99887766554433221100"));

        assertThat(AgentAuth.verify(CHALLENGE, hello)).isFalse();
    }

    @Test
    void anAnswerForAnotherNetworkDoesNotVerify() {
        var hello = AgentAuth.answer(PROVIDER, new AgentMessage.Challenge("gridmint-elsewhere", CHALLENGE.nonce()));

        assertThat(AgentAuth.verify(CHALLENGE, hello)).isFalse();
    }

    @Test
    void theFieldsCannotBeShiftedBetweenNetworkAndNonce() {
        // Length-prefixed fields: "ab"+"c" and "a"+"bc" are different messages.
        var hello = AgentAuth.answer(PROVIDER, new AgentMessage.Challenge("gridmint-tes", "t" + CHALLENGE.nonce()));

        assertThat(AgentAuth.verify(CHALLENGE, hello)).isFalse();
    }

    @Test
    void malformedAnswersDoNotVerifyAndDoNotThrow() {
        var good = AgentAuth.answer(PROVIDER, CHALLENGE);

        assertThat(AgentAuth.verify(CHALLENGE, new AgentMessage.Hello(good.address(), "not base64!"))).isFalse();
        assertThat(AgentAuth.verify(CHALLENGE, new AgentMessage.Hello(good.address(), ""))).isFalse();
        assertThat(AgentAuth.verify(CHALLENGE, new AgentMessage.Hello(good.address(),
                Base64.getEncoder().encodeToString(new byte[10])))).isFalse();
        assertThat(AgentAuth.verify(CHALLENGE, new AgentMessage.Hello("not-base58-0OIl", good.signature()))).isFalse();
        assertThat(AgentAuth.verify(CHALLENGE, new AgentMessage.Hello("", good.signature()))).isFalse();
    }

    @Test
    void aFlippedBitInTheSignatureDoesNotVerify() {
        byte[] signature = Base64.getDecoder().decode(AgentAuth.answer(PROVIDER, CHALLENGE).signature());
        signature[0] ^= 0x01;

        var hello = new AgentMessage.Hello(PROVIDER.address().toString(), Base64.getEncoder().encodeToString(signature));

        assertThat(AgentAuth.verify(CHALLENGE, hello)).isFalse();
    }

    @Test
    void aLoginSignatureIsNotATransactionSignature() {
        // Domain separation: a hello's signature, grafted onto a transaction by the same key, must not pass.
        byte[] loginSignature = Base64.getDecoder().decode(AgentAuth.answer(PROVIDER, CHALLENGE).signature());
        var real = SignedTx.sign(PROVIDER, CHALLENGE.networkId(), 1, new Transfer(OTHER.address(), 1));

        var grafted = new SignedTx(real.networkId(), real.signer(), real.nonce(), real.payload(), loginSignature);

        assertThat(real.hasValidSignature()).isTrue();
        assertThat(grafted.hasValidSignature()).isFalse();
    }
}
