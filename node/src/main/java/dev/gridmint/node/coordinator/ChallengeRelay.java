package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.ChallengeRequest;
import dev.gridmint.node.protocol.Proofs;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ReplayGuard;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code POST /v1/challenges}: a staked checker's proof-of-GPU challenge, relayed to the provider's
 * agent over its WebSocket; the answer is the agent's signed response, untouched, for the checker to
 * verify and time itself. Only a checker with enough stake may ask, so nobody else can make
 * providers burn compute, and each challenge id is relayed once.
 */
final class ChallengeRelay {

    /** A challenge is a few hundred bytes; anything much larger is not one. */
    static final int MAX_BODY_BYTES = 4 * 1024;
    /** How long past the challenge's deadline an answer is still waited for: the network both ways. */
    private static final Duration GRACE = Duration.ofSeconds(5);
    /** Ids remembered against replay; a checker issues a handful per provider and epoch. */
    private static final int REMEMBERED_IDS = 65_536;

    private final Supplier<LedgerState> ledger;
    private final AgentHub agents;
    private final ReplayGuard relayed = new ReplayGuard(REMEMBERED_IDS);

    ChallengeRelay(Supplier<LedgerState> ledger, AgentHub agents) {
        this.ledger = ledger;
        this.agents = agents;
    }

    void handle(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "BODY_TOO_LARGE", "a challenge request is at most " + MAX_BODY_BYTES + " bytes");
        }
        ChallengeRequest request = Json.MAPPER.readValue(body, ChallengeRequest.class);
        Challenge challenge = parse(request);
        authorize(challenge, request.signature());
        if (!admit(challenge.id())) {
            throw new ApiException(409, "REPLAYED_CHALLENGE", "challenge " + challenge.id() + " was already relayed");
        }
        AgentMessage answer = relay(challenge);
        ctx.contentType("application/json").result(AgentMessage.encode(answer));
    }

    private static Challenge parse(ChallengeRequest request) {
        try {
            return Proofs.challenge(request.challenge());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_CHALLENGE", "not a valid challenge: " + e.getMessage());
        }
    }

    /** The checker signed this very challenge, is registered, and is staked enough to submit verdicts. */
    private void authorize(Challenge challenge, String signature) {
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signature == null ? "" : signature);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "MALFORMED", "the signature is base64");
        }
        if (!Ed25519.verify(challenge.checker(), Proofs.requestMessage(challenge.id()), signatureBytes)) {
            throw new ApiException(401, "BAD_SIGNATURE", "the signature is not the checker's over this challenge");
        }
        LedgerState state = ledger.get();
        Checker checker = state.checker(challenge.checker())
                .orElseThrow(() -> new ApiException(403, "UNKNOWN_CHECKER", challenge.checker() + " is not a registered checker"));
        long minStake = state.network().orElseThrow().params().staking().minCheckerStake();
        if (!checker.meetsMinimum(minStake)) {
            throw new ApiException(403, "STAKE_TOO_LOW", "the checker has " + checker.delegated() + " bonded; challenges need at least "
                    + Math.max(1, minStake));
        }
        if (state.provider(challenge.provider()).isEmpty()) {
            throw new ApiException(404, "UNKNOWN_PROVIDER", "no provider is registered as " + challenge.provider());
        }
    }

    private synchronized boolean admit(Hash id) {
        return relayed.admit(id);
    }

    private AgentMessage relay(Challenge challenge) {
        Address provider = challenge.provider();
        CompletableFuture<AgentMessage> answer = agents.prove(provider, challenge.id(), Proofs.wire(challenge))
                .orElseThrow(() -> new ApiException(409, "PROVIDER_OFFLINE", provider + " is not connected"));
        long waitNanos = challenge.deadlineNanos() + GRACE.toNanos();
        try {
            AgentMessage message = answer.get(waitNanos, TimeUnit.NANOSECONDS);
            if (message instanceof AgentMessage.ProofRefused refused) {
                throw new ApiException(422, refused.code(), "the provider refused: " + refused.message());
            }
            return message;
        } catch (TimeoutException e) {
            throw new ApiException(504, "TIMEOUT", provider + " did not answer within the deadline and " + GRACE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "SHUTTING_DOWN", "the coordinator is stopping");
        } catch (ExecutionException e) {
            // The only way the hub fails an answer: the connection closed first, which says nothing against the provider yet.
            throw new ApiException(503, "PROVIDER_OFFLINE", e.getCause().getMessage());
        } finally {
            answer.cancel(false);
        }
    }
}
