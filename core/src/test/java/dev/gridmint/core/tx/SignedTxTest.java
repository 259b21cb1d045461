package dev.gridmint.core.tx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.Transfer;
import org.junit.jupiter.api.Test;

class SignedTxTest {

    private static final Keypair ALICE = TestKeys.of("alice");
    private static final Keypair BOB = TestKeys.of("bob");
    private static final Transfer PAYLOAD = new Transfer(BOB.address(), 10);
    private static final SignedTx TX = SignedTx.sign(ALICE, "net", 3, PAYLOAD);

    @Test
    void aSignedTransactionVerifies() {
        assertThat(TX.hasValidSignature()).isTrue();
        assertThat(TX.signer()).isEqualTo(ALICE.address());
        assertThat(TX.signature()).hasSize(64);
    }

    @Test
    void theSignatureCoversNetworkSignerNonceAndPayload() {
        byte[] signature = TX.signature();
        assertThat(new SignedTx("net", ALICE.address(), 3, PAYLOAD, signature).hasValidSignature()).isTrue();
        assertThat(new SignedTx("net2", ALICE.address(), 3, PAYLOAD, signature).hasValidSignature()).isFalse();
        assertThat(new SignedTx("net", BOB.address(), 3, PAYLOAD, signature).hasValidSignature()).isFalse();
        assertThat(new SignedTx("net", ALICE.address(), 4, PAYLOAD, signature).hasValidSignature()).isFalse();
        assertThat(new SignedTx("net", ALICE.address(), 3, new Transfer(BOB.address(), 11), signature).hasValidSignature()).isFalse();
        assertThat(new SignedTx("net", ALICE.address(), 3, new Transfer(ALICE.address(), 10), signature).hasValidSignature()).isFalse();
    }

    @Test
    void signingIsDeterministic() {
        assertThat(SignedTx.sign(ALICE, "net", 3, PAYLOAD)).isEqualTo(TX).hasSameHashCodeAs(TX);
        assertThat(SignedTx.sign(ALICE, "net", 3, PAYLOAD).hash()).isEqualTo(TX.hash());
    }

    @Test
    void theHashIsSha256OfTheFullEncoding() {
        assertThat(TX.hash()).isEqualTo(Hash.sha256(TxCodec.encode(TX)));
        assertThat(SignedTx.sign(ALICE, "net", 4, PAYLOAD).hash()).isNotEqualTo(TX.hash());
    }

    @Test
    void theSignatureIsCopied() {
        byte[] signature = TX.signature();
        var tx = new SignedTx("net", ALICE.address(), 3, PAYLOAD, signature);
        signature[0] ^= 1;
        tx.signature()[1] ^= 1;
        assertThat(tx.hasValidSignature()).isTrue();
        assertThat(tx).isEqualTo(TX);
    }

    @Test
    void equalityCoversEveryField() {
        byte[] other = TX.signature();
        other[0] ^= 1;
        assertThat(new SignedTx("net", ALICE.address(), 3, PAYLOAD, other)).isNotEqualTo(TX);
        assertThat(new SignedTx("net2", ALICE.address(), 3, PAYLOAD, TX.signature())).isNotEqualTo(TX);
        assertThat(new SignedTx("net", ALICE.address(), 2, PAYLOAD, TX.signature())).isNotEqualTo(TX);
        assertThat(TX).hasToString("SignedTx[Transfer by " + ALICE.address() + " nonce 3]");
    }
}
