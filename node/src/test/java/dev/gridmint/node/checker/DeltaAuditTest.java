package dev.gridmint.node.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.training.DeltaEvidence;
import tools.jackson.core.type.TypeReference;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.WorkerRound;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.models.TrainingModels;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.worker.SessionInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The rejected-Δ verdict path on a real names-MLP round: a Δ blown up by a worker is rejected at the
 * service, and the checker, from the evidence alone, proves it (the cap) and, with θ, recomputes the round and
 * finds the Δ is not the honest one; an honest Δ that only the round's median rule rejected is vindicated.
 */
class DeltaAuditTest {

    private static final SessionInfo INFO = new SessionInfo(SessionInfo.Mode.DILOCO, TrainingModels.NAMES_MLP, 7, 3, 2, Encoding.INT8);
    private static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);
    private static final Address PROVIDER = Keypair.generate(new SplittableRandom(3)).address();
    private static final int WORKER = 1;
    private static final int SHARD = 2;
    private static final long ROUND = 0;

    private final TrainingModel model = TrainingModels.named(INFO.model()).orElseThrow();
    private final double[] theta = ParameterVector.roundToFloat(ParameterVector.values(
            model.factory().create(INFO.seed(), 0, INFO.shards()).parameters()));
    private final WorkerRound.Result honest = new WorkerRound(INFO.innerSteps(), model.inner())
            .run(model.factory().create(INFO.seed(), SHARD, INFO.shards()), theta.clone(), ROUND);

    private DeltaMessage message(double[] delta) {
        return DeltaMessage.of(ROUND, WORKER, SHARD, honest.tokens(), INFO.encoding(), delta);
    }

    private DeltaEvidence evidence(DeltaCheck.Verdict.Rejected rejected) {
        return DeltaEvidence.of("session", INFO, CHECK, ROUND, ParameterVector.sha256(theta), PROVIDER, rejected);
    }

    private DeltaEvidence blownUp() {
        double[] huge = Arrays.stream(honest.delta()).map(v -> v * 1e7).toArray();
        var verdict = CHECK.check(ROUND, theta.length, List.of(message(huge))).getFirst();
        assertThat(verdict).isInstanceOf(DeltaCheck.Verdict.Rejected.class);
        return evidence((DeltaCheck.Verdict.Rejected) verdict);
    }

    @Test
    void aBlownUpDeltaIsProvenFromTheEvidenceAloneAndByRecomputingTheRound() {
        DeltaEvidence evidence = blownUp();
        assertThat(evidence.code()).isEqualTo("norm_above_cap");
        assertThat(evidence.provider()).isEqualTo(PROVIDER.toString());
        assertThat(evidence.cursor()).isEqualTo(ROUND * INFO.innerSteps());

        assertThat(DeltaAudit.judge(evidence, Optional.empty()))
                .isEqualTo(new DeltaAudit.Finding.Fault(PROVIDER, "BAD_DELTA", evidence.hash()));
        assertThat(DeltaAudit.judge(evidence, Optional.of(theta)))
                .isEqualTo(new DeltaAudit.Finding.Fault(PROVIDER, "WRONG_DELTA", evidence.hash()));
        // As the checker reads it from GET /v1/training/{id}/evidence.
        DeltaEvidence read = Json.MAPPER.readValue(Json.write(List.of(evidence)), new TypeReference<List<DeltaEvidence>>() {}).getFirst();
        assertThat(read.hash()).isEqualTo(evidence.hash());
        assertThat(DeltaAudit.judge(read, Optional.empty())).isEqualTo(new DeltaAudit.Finding.Fault(PROVIDER, "BAD_DELTA", evidence.hash()));
    }

    @Test
    void anHonestDeltaRejectedOnlyByTheRoundsMedianIsVindicatedByRecomputation() {
        DeltaMessage sent = message(honest.delta());
        var rejected = new DeltaCheck.Verdict.Rejected(sent, new DeltaCheck.Reason.AboveMedian(1.0, 0.1, 4.0));
        DeltaEvidence evidence = evidence(rejected);

        assertThat(DeltaAudit.judge(evidence, Optional.of(theta)))
                .isEqualTo(new DeltaAudit.Finding.Vindicated(PROVIDER, evidence.hash()));
        assertThat(DeltaAudit.judge(evidence, Optional.empty())).isInstanceOf(DeltaAudit.Finding.Unproven.class);
        // θ that is not the round's proves nothing.
        double[] other = theta.clone();
        other[0] += 1;
        assertThat(DeltaAudit.judge(evidence, Optional.of(other))).isInstanceOf(DeltaAudit.Finding.Unproven.class);
    }

    @Test
    void evidenceThatDoesNotHoldTogetherIsNotJudged() {
        DeltaEvidence evidence = blownUp();
        DeltaEvidence otherHash = new DeltaEvidence(evidence.session(), evidence.round(), evidence.worker(), evidence.provider(),
                evidence.code(), evidence.detail(), "00".repeat(32), evidence.delta(), evidence.thetaHash(), evidence.seed(),
                evidence.shard(), evidence.cursor(), evidence.model(), evidence.shards(), evidence.innerSteps(), evidence.encoding(), evidence.check());
        DeltaEvidence otherWorker = new DeltaEvidence(evidence.session(), evidence.round(), 0, evidence.provider(),
                evidence.code(), evidence.detail(), evidence.deltaSha256(), evidence.delta(), evidence.thetaHash(), evidence.seed(),
                evidence.shard(), evidence.cursor(), evidence.model(), evidence.shards(), evidence.innerSteps(), evidence.encoding(), evidence.check());
        DeltaEvidence otherReason = new DeltaEvidence(evidence.session(), evidence.round(), evidence.worker(), evidence.provider(),
                "non_finite", evidence.detail(), evidence.deltaSha256(), evidence.delta(), evidence.thetaHash(), evidence.seed(),
                evidence.shard(), evidence.cursor(), evidence.model(), evidence.shards(), evidence.innerSteps(), evidence.encoding(), evidence.check());

        assertThat(DeltaAudit.judge(otherHash, Optional.empty())).isInstanceOf(DeltaAudit.Finding.Inconsistent.class);
        assertThat(DeltaAudit.judge(otherWorker, Optional.of(theta))).isInstanceOf(DeltaAudit.Finding.Inconsistent.class);
        assertThat(DeltaAudit.judge(otherReason, Optional.empty())).isInstanceOf(DeltaAudit.Finding.Inconsistent.class);
        assertThat(otherReason.hash()).isNotEqualTo(evidence.hash());
    }
}
