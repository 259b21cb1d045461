package dev.gridmint.core.tx;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The envelope every state change travels in. The signature covers a domain tag, the network
 * id (so a transaction cannot be replayed on another network), the signer, the nonce (so it
 * cannot be replayed on this one) and the canonical payload bytes.
 */
public record SignedTx(String networkId, Address signer, long nonce, TxPayload payload, byte[] signature) {

    private static final byte[] DOMAIN = "gridmint/tx/v1".getBytes(StandardCharsets.UTF_8);

    public SignedTx {
        signature = signature.clone();
    }

    public static SignedTx sign(Keypair keypair, String networkId, long nonce, TxPayload payload) {
        byte[] message = signingBytes(networkId, keypair.address(), nonce, TxCodec.encodePayload(payload));
        return new SignedTx(networkId, keypair.address(), nonce, payload, keypair.sign(message));
    }

    public boolean hasValidSignature() {
        return Ed25519.verify(signer, signingMessage(), signature);
    }

    /** The exact bytes the signature covers. */
    public byte[] signingMessage() {
        return signingBytes(networkId, signer, nonce, TxCodec.encodePayload(payload));
    }

    public byte[] encode() {
        return TxCodec.encode(this);
    }

    /** The transaction id: SHA-256 of its full encoding, signature included. */
    public Hash hash() {
        return Hash.sha256(encode());
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    static byte[] signingBytes(String networkId, Address signer, long nonce, byte[] payload) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).address(signer).i64(nonce).bytes(payload).toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTx that
                && networkId.equals(that.networkId)
                && signer.equals(that.signer)
                && nonce == that.nonce
                && payload.equals(that.payload)
                && Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "SignedTx[" + payload.getClass().getSimpleName() + " by " + signer + " nonce " + nonce + "]";
    }
}
