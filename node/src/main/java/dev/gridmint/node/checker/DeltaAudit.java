package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.training.DeltaEvidence;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.diloco.WorkerRound;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.train.ParameterVector;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The pure part of judging a rejected DiLoCo Δ. The checker first checks that the evidence holds together
 * (the Δ bytes hash to the named hash and are the named worker's Δ for the named round and shard). Then:
 *
 * <ul>
 *   <li>with θ for the round (its hash must be the evidence's), it recomputes the worker's round with
 *       {@link WorkerRound}, as the round is a pure function of (θ, seed, shard, round): a Δ that is not the
 *       honest one is a fault ({@code WRONG_DELTA}), whatever the reason it was rejected; an honest Δ that the
 *       round's median rule rejected is no fault of the worker (it is vindicated);
 *   <li>without θ, a reason the Δ proves on its own (a non-finite value, a norm above the absolute cap, an
 *       inflated token count) is re-checked with the session's {@link DeltaCheck} and, if it holds, is a fault
 *       ({@code BAD_DELTA}); a reason relative to the round (the median rule, θ's size) proves nothing alone.
 * </ul>
 */
public final class DeltaAudit {

    private DeltaAudit() {}

    public sealed interface Finding {
        /** The worker's provider sent a Δ the round does not give: a SPOT_CHECK 0 citing {@code evidence}. */
        record Fault(Address provider, String reason, Hash evidence) implements Finding {}

        /** The recomputed Δ is the one sent: the rejection is no fault of the worker. */
        record Vindicated(Address provider, Hash evidence) implements Finding {}

        /** Nothing proven either way (why). */
        record Unproven(String reason) implements Finding {}

        /** The evidence does not hold together: nothing is signed. */
        record Inconsistent(String reason) implements Finding {}
    }

    /** Reasons a lone Δ proves, with no other Δ of the round and no θ. */
    private static final List<String> SELF_EVIDENT = List.of("non_finite", "norm_above_cap", "too_many_tokens");

    /** @param theta θ at the start of the evidence's round, when the checker could get it */
    public static Finding judge(DeltaEvidence evidence, Optional<double[]> theta) {
        Address provider;
        DeltaMessage message;
        try {
            provider = Address.parse(evidence.provider());
            byte[] bytes = Base64.getDecoder().decode(evidence.delta());
            if (!ParameterVector.sha256Hex(bytes).equals(evidence.deltaSha256())) {
                return new Finding.Inconsistent("the Δ bytes do not hash to " + evidence.deltaSha256());
            }
            switch (DeltaMessage.parse(bytes)) {
                case Parsed.Ok<DeltaMessage> ok -> message = ok.value();
                case Parsed.Invalid<DeltaMessage> bad -> {
                    return new Finding.Inconsistent("the Δ does not parse: " + bad.code());
                }
            }
        } catch (IllegalArgumentException malformed) {
            return new Finding.Inconsistent("malformed evidence: " + malformed.getMessage());
        }
        if (message.round() != evidence.round() || message.worker() != evidence.worker() || message.shard() != evidence.shard()) {
            return new Finding.Inconsistent("the Δ is worker " + message.worker() + "'s for round " + message.round() + ", shard "
                    + message.shard() + ", not what the evidence names");
        }
        if (theta.isPresent()) {
            return recomputed(evidence, message, provider, theta.get());
        }
        if (!SELF_EVIDENT.contains(evidence.code())) {
            return new Finding.Unproven(evidence.code() + " is relative to the round: recomputing it needs θ");
        }
        // θ's size is not known here: the Δ's own count stands in, so the size check cannot fire and the others run as at the service.
        if (evidence.check() == null) {
            return new Finding.Inconsistent("the evidence names no Δ checks");
        }
        DeltaCheck.Verdict verdict = evidence.check().check(message.round(), message.count(), List.of(message)).getFirst();
        return switch (verdict) {
            case DeltaCheck.Verdict.Rejected r when r.reason().code().equals(evidence.code()) ->
                    new Finding.Fault(provider, "BAD_DELTA", evidence.hash());
            case DeltaCheck.Verdict.Rejected r -> new Finding.Inconsistent("the Δ fails " + r.reason().code() + ", the evidence says "
                    + evidence.code());
            case DeltaCheck.Verdict.Accepted a -> new Finding.Inconsistent("the Δ passes the checks the evidence says it failed");
        };
    }

    private static Finding recomputed(DeltaEvidence evidence, DeltaMessage sent, Address provider, double[] theta) {
        if (!ParameterVector.sha256(theta).equals(evidence.thetaHash())) {
            return new Finding.Unproven("the θ given is not the round's (" + evidence.thetaHash() + ")");
        }
        Optional<TrainingModel> model = TrainingModels.named(evidence.model());
        if (model.isEmpty()) {
            return new Finding.Unproven("unknown model " + evidence.model());
        }
        if (evidence.cursor() != Math.multiplyExact(evidence.round(), (long) evidence.innerSteps())) {
            return new Finding.Inconsistent("the cursor is not round × H");
        }
        Encoding encoding = Encoding.valueOf(evidence.encoding().toUpperCase(java.util.Locale.ROOT));
        var replica = model.get().factory().create(evidence.seed(), evidence.shard(), evidence.shards());
        WorkerRound.Result honest = new WorkerRound(evidence.innerSteps(), model.get().inner()).run(replica, theta.clone(),
                evidence.round());
        DeltaMessage expected = DeltaMessage.of(evidence.round(), evidence.worker(), evidence.shard(), honest.tokens(), encoding,
                honest.delta());
        return expected.sha256().equals(sent.sha256())
                ? new Finding.Vindicated(provider, evidence.hash())
                : new Finding.Fault(provider, "WRONG_DELTA", evidence.hash());
    }
}
