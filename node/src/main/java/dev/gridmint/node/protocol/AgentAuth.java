package dev.gridmint.node.protocol;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Keypair;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Challenge-response login for agents. The signed message is domain-separated from
 * transactions, so a login signature can never be replayed as a transaction or the reverse,
 * and it binds the network and a fresh nonce, so it cannot be replayed as a later login.
 */
public final class AgentAuth {

    private static final byte[] DOMAIN = "gridmint/agent-hello/v1".getBytes(StandardCharsets.UTF_8);

    private AgentAuth() {}

    public static AgentMessage.Hello answer(Keypair keypair, AgentMessage.Challenge challenge) {
        byte[] signature = keypair.sign(message(challenge.networkId(), challenge.nonce()));
        return new AgentMessage.Hello(keypair.address().toString(), Base64.getEncoder().encodeToString(signature));
    }

    public static boolean verify(AgentMessage.Challenge challenge, AgentMessage.Hello hello) {
        try {
            byte[] signature = Base64.getDecoder().decode(hello.signature());
            return Ed25519.verify(Address.parse(hello.address()), message(challenge.networkId(), challenge.nonce()), signature);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private static byte[] message(String networkId, String nonce) {
        return new ByteWriter().fixed(DOMAIN).text(networkId).text(nonce).toByteArray();
    }
}
