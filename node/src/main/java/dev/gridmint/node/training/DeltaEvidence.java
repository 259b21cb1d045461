package dev.gridmint.node.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.worker.SessionInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A rejected DiLoCo Δ as evidence for a checker ({@code GET /v1/training/{id}/evidence}): the worker and the
 * provider key it trains under, the round, the stable reason code, the Δ itself (its canonical bytes, base64)
 * and their SHA-256, and the inputs the round is a pure function of (θ's hash, the seed, the shard, the data
 * cursor, the model, the shard count, H and the encoding), so anyone holding θ recomputes the honest Δ bit for
 * bit ({@link dev.gridmint.workloads.diloco.WorkerRound}), and the session's Δ checks, which anyone can re-run on the Δ.
 */
public record DeltaEvidence(String session, long round, int worker, String provider, String code, String detail,
        @JsonProperty("delta_sha256") String deltaSha256, String delta, @JsonProperty("theta_hash") String thetaHash, long seed,
        int shard, long cursor, String model, int shards, @JsonProperty("inner_steps") int innerSteps, String encoding,
        DeltaCheck check) {

    /** The evidence of {@code rejected}, a Δ for the round whose θ hashes to {@code thetaHash}. */
    public static DeltaEvidence of(String session, SessionInfo info, DeltaCheck check, long round, String thetaHash, Address provider,
            DeltaCheck.Verdict.Rejected rejected) {
        var message = rejected.message();
        byte[] bytes = message.toBytes();
        return new DeltaEvidence(session, round, message.worker(), provider.toString(), rejected.reason().code(),
                rejected.reason().detail(), message.sha256(), Base64.getEncoder().encodeToString(bytes), thetaHash, info.seed(),
                message.shard(), Math.multiplyExact(round, (long) info.innerSteps()), info.model(), info.shards(), info.innerSteps(),
                SessionInfo.wireName(info.encoding()), check);
    }

    /** What a verdict on this rejection cites: every field but the free-text detail and the Δ bytes (named by their hash). */
    public Hash hash() {
        return Seeds.derive("gridmint/training/delta-rejection/v1", utf8(session), Seeds.longBytes(round), Seeds.intBytes(worker),
                utf8(provider), utf8(code), utf8(deltaSha256), utf8(thetaHash), Seeds.longBytes(seed), Seeds.intBytes(shard),
                Seeds.longBytes(cursor), utf8(model), Seeds.intBytes(shards), Seeds.intBytes(innerSteps), utf8(encoding),
                Seeds.longBytes(Double.doubleToLongBits(check.absoluteCap())), Seeds.longBytes(Double.doubleToLongBits(check.medianFactor())),
                Seeds.longBytes(check.maxTokens()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
