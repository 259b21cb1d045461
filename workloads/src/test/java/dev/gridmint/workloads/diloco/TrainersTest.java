package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.names.NamesReplicaFactory;
import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three trainers on a small names MLP: seeded, a few hundred steps, a few seconds. */
class TrainersTest {

    private static final long SEED = 1;
    private static final int K = 4;
    private static final ReplicaFactory NAMES = new NamesReplicaFactory(NamesDataset.bundled(),
            new NamesReplicaFactory.Shape(3, 8, 64, 32));
    private static final AdamW.Settings INNER = AdamW.Settings.of(0.01, 0.01);
    private static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 1_000_000);

    private static DilocoConfig diloco(int rounds, int innerSteps, Encoding encoding, int quorum,
            List<DilocoConfig.Dropout> dropouts, int threads) {
        return new DilocoConfig(SEED, K, rounds, innerSteps, encoding, INNER, quorum, CHECK, dropouts, threads);
    }

    /**
     * The figures of docs/training.md, printed as one JSON line: 200 steps per worker, K = 4, H = 50. DiLoCo
     * beats a single worker given the same inner steps per worker, int8 costs almost nothing against fp32,
     * and data-parallel training moves at least 150 times the bytes.
     */
    @Test
    void figuresAtK4AndH50() {
        TrainingRun single = SingleWorker.train(NAMES, SEED, 200, INNER, 50);
        TrainingRun ddp = DataParallel.train(NAMES, SEED, K, 200, INNER, 50, 2);
        TrainingRun fp32 = Diloco.train(NAMES, diloco(4, 50, Encoding.FP32, K, List.of(), 2)).run();
        TrainingRun int8 = Diloco.train(NAMES, diloco(4, 50, Encoding.INT8, K, List.of(), 2)).run();
        double ratio = (double) ddp.traffic().total() / int8.traffic().total();
        System.out.printf(java.util.Locale.ROOT, "{\"val_loss_single\":%.4f,\"val_loss_ddp\":%.4f,"
                + "\"val_loss_diloco\":%.4f,\"val_loss_diloco_int8\":%.4f,\"bytes_ddp\":%d,"
                + "\"bytes_diloco_fp32\":%d,\"bytes_diloco\":%d,\"comm_ratio\":%.1f,\"final_theta_hash\":\"%s\"}%n",
                single.finalValidationLoss(), ddp.finalValidationLoss(), fp32.finalValidationLoss(),
                int8.finalValidationLoss(), ddp.traffic().total(), fp32.traffic().total(), int8.traffic().total(),
                ratio, int8.finalThetaHash());

        assertThat(int8.curve()).extracting(LossPoint::step).containsExactly(50L, 100L, 150L, 200L);
        assertThat(single.curve()).extracting(LossPoint::step).containsExactly(50L, 100L, 150L, 200L);
        // measured: DiLoCo 2.266 (fp32 and int8), single worker 2.314, data-parallel 2.178
        assertThat(int8.finalValidationLoss()).isLessThan(single.finalValidationLoss() - 0.02);
        assertThat(Math.abs(int8.finalValidationLoss() - fp32.finalValidationLoss())).isLessThan(0.01);
        assertThat(ddp.finalValidationLoss()).isLessThan(int8.finalValidationLoss());
        assertThat(ratio).isGreaterThanOrEqualTo(150).isLessThan(200); // measured 194.9
    }

    @Test
    void bytesAreTheSizesOfTheEncodedMessages() {
        TrainingRun ddp = DataParallel.train(NAMES, SEED, K, 3, INNER, 3, 2);
        TrainingRun diloco = Diloco.train(NAMES, diloco(2, 3, Encoding.INT8, K, List.of(), 2)).run();

        int p = ParameterVector.size(NAMES.create(SEED, 0, 1).parameters());
        String anyHash = "00".repeat(32);
        long delta = DeltaMessage.of(0, 0, 0, 1, Encoding.INT8, new double[p]).sizeBytes();
        long update = Broadcast.of(Broadcast.Kind.UPDATE, 0, Encoding.INT8, new double[p], anyHash).sizeBytes();
        long gradient = DeltaMessage.of(0, 0, 0, 1, Encoding.FP32, new double[p]).sizeBytes();
        long mean = Broadcast.of(Broadcast.Kind.UPDATE, 0, Encoding.FP32, new double[p], anyHash).sizeBytes();
        assertThat(diloco.traffic()).isEqualTo(new Traffic(2 * K * delta, 2 * K * update, 0));
        assertThat(ddp.traffic()).isEqualTo(new Traffic(3 * K * gradient, 3 * K * mean, 0));
        assertThat(delta).isEqualTo(38 + p + 4 * ((p + 255) / 256));
        assertThat(gradient).isEqualTo(38 + 4L * p);
    }

    @Test
    void theSameSeedGivesTheSameThetaWhateverTheThreadCount() {
        DilocoConfig.Dropout dropout = new DilocoConfig.Dropout(2, 1, 2);
        Diloco.Result first = Diloco.train(NAMES, diloco(3, 10, Encoding.INT8, 3, List.of(dropout), 1));
        Diloco.Result second = Diloco.train(NAMES, diloco(3, 10, Encoding.INT8, 3, List.of(dropout), 4));

        assertThat(second.run()).isEqualTo(first.run());
        assertThat(second.rounds()).extracting(r -> ((RoundOutcome.Applied) r).manifest().sha256())
                .isEqualTo(first.rounds().stream().map(r -> ((RoundOutcome.Applied) r).manifest().sha256()).toList());
        assertThat(DataParallel.train(NAMES, SEED, K, 20, INNER, 10, 1))
                .isEqualTo(DataParallel.train(NAMES, SEED, K, 20, INNER, 10, 3));
        assertThat(SingleWorker.train(NAMES, SEED, 20, INNER, 10).finalThetaHash())
                .isEqualTo(SingleWorker.train(NAMES, SEED, 20, INNER, 10).finalThetaHash())
                .isNotEqualTo(SingleWorker.train(NAMES, SEED + 1, 20, INNER, 10).finalThetaHash());
    }

    @Test
    void aWorkerThatDiesIsLeftOutItsShardReassignedAndItRejoinsFromTheFullTheta() {
        Diloco.Result result = Diloco.train(NAMES, diloco(5, 10, Encoding.INT8, 3,
                List.of(new DilocoConfig.Dropout(1, 1, 3)), 2));

        assertThat(result.rounds()).allSatisfy(r -> assertThat(r).isInstanceOf(RoundOutcome.Applied.class));
        List<RoundManifest> manifests = result.rounds().stream().map(r -> ((RoundOutcome.Applied) r).manifest())
                .toList();
        assertThat(manifests.get(1).missing()).containsExactly(1);
        assertThat(manifests.get(1).accepted()).extracting(RoundManifest.DeltaRef::worker).containsExactly(0, 2, 3);
        // round 2: worker 1 is out, and its untrained shard 1 is dealt first
        assertThat(manifests.get(2).assignments()).containsExactly(new RoundPlan.Assignment(0, 0, 20),
                new RoundPlan.Assignment(2, 1, 20), new RoundPlan.Assignment(3, 2, 20));
        // round 3: worker 1 is back, with shard 3, which waited longest
        assertThat(manifests.get(3).assignments()).extracting(RoundPlan.Assignment::worker)
                .containsExactly(0, 1, 2, 3);
        assertThat(manifests.get(3).accepted()).hasSize(4);
        int p = ParameterVector.size(NAMES.create(SEED, 0, 1).parameters());
        assertThat(result.run().traffic().join())
                .isEqualTo(Broadcast.of(Broadcast.Kind.THETA, 3, Encoding.FP32, new double[p], "00".repeat(32))
                        .sizeBytes());
        for (int i = 1; i < manifests.size(); i++) {
            assertThat(manifests.get(i).thetaHashBefore()).isEqualTo(manifests.get(i - 1).thetaHash());
        }
        assertThat(result.run().finalValidationLoss()).isLessThan(result.run().curve().getFirst().validationLoss());
    }

    @Test
    void belowQuorumTheTrainerKeepsThetaAndCarriesOn() {
        DilocoConfig config = new DilocoConfig(SEED, 2, 3, 5, Encoding.INT8, INNER, 2, CHECK,
                List.of(new DilocoConfig.Dropout(1, 1, 2)), 2);

        Diloco.Result result = Diloco.train(NAMES, config);

        assertThat(result.rounds()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("Applied", "BelowQuorum", "Applied");
        RoundOutcome.BelowQuorum below = (RoundOutcome.BelowQuorum) result.rounds().get(1);
        assertThat(below.accepted()).isEqualTo(1);
        assertThat(below.missing()).containsExactly(1);
        assertThat(result.run().curve().get(1).validationLoss()).isEqualTo(result.run().curve().get(0).validationLoss());
        RoundManifest first = ((RoundOutcome.Applied) result.rounds().get(0)).manifest();
        RoundManifest third = ((RoundOutcome.Applied) result.rounds().get(2)).manifest();
        assertThat(third.thetaHashBefore()).isEqualTo(first.thetaHash());
        assertThat(result.run().traffic().join()).isPositive(); // worker 1 came back in round 2
    }

    @Test
    void aWorkersRoundIsRecomputableFromThetaSeedShardAndRound() {
        Diloco.Result result = Diloco.train(NAMES, diloco(2, 10, Encoding.INT8, K, List.of(), 3));
        RoundOutcome.Applied round0 = (RoundOutcome.Applied) result.rounds().get(0);
        RoundManifest round1 = ((RoundOutcome.Applied) result.rounds().get(1)).manifest();

        // θ1 is what every worker holds after applying round 0's broadcast to the seed's θ0
        double[] theta = ParameterVector.roundToFloat(ParameterVector.values(NAMES.create(SEED, 0, K).parameters()));
        assertThat(ParameterVector.sha256(theta)).isEqualTo(round0.manifest().thetaHashBefore());
        Aggregator.applyUpdate(theta, round0.update().values());
        assertThat(ParameterVector.sha256(theta)).isEqualTo(round1.thetaHashBefore());

        WorkerRound inner = new WorkerRound(10, INNER);
        for (RoundManifest.DeltaRef accepted : round1.accepted()) {
            Replica fresh = NAMES.create(SEED, accepted.shard(), K);
            WorkerRound.Result redone = inner.run(fresh, theta, 1);
            DeltaMessage message = DeltaMessage.of(1, accepted.worker(), accepted.shard(), redone.tokens(),
                    Encoding.INT8, redone.delta());
            assertThat(message.sha256()).isEqualTo(accepted.sha256());
        }
    }
}
