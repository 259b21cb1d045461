package dev.gridmint.workloads.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.train.Replica;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GptTrainerTest {

    /** Small enough for a unit test, big enough to learn: T 16, width 32, 2 blocks of 2 heads. */
    static GptTrainingConfig small(long seed, int steps) {
        int vocabulary = NamesDataset.bundled().vocabulary().size();
        return new GptTrainingConfig(seed, steps, 8, 3e-3, 0.01, steps, new GptConfig(vocabulary, 16, 32, 2, 2));
    }

    static GptTrainingState run(GptTrainingConfig config, int checkpointEvery, List<GptTrainingState> snapshots,
            List<GptProgress> curve) {
        GptTrainingState start = GptTrainingState.initial(config, CharCorpus.bundled(16, 0, 1));
        return GptTrainer.train(start, checkpointEvery, new GptTrainer.Listener() {
            @Override
            public void progress(GptProgress progress) {
                curve.add(progress);
            }

            @Override
            public void checkpoint(GptTrainingState state) {
                snapshots.add(state);
            }
        });
    }

    @Test
    void lossFallsWellBelowTheUnigramEntropy() {
        List<GptProgress> curve = new ArrayList<>();
        GptTrainingConfig config = small(1, 300).withEvalEvery(100);
        run(config, 0, new ArrayList<>(), curve);
        double unigram = unigramEntropy(CharCorpus.bundled(16, 0, 1));
        assertThat(unigram).isBetween(2.7, 3.2);
        assertThat(curve).hasSize(3);
        assertThat(curve.getFirst().valLoss()).isGreaterThan(curve.getLast().valLoss());
        assertThat(curve.getLast().valLoss()).isLessThan(unigram - 0.4);
    }

    @Test
    void sameSeedGivesTheSameParameterHashAndAnotherSeedDoesNot() {
        String a = run(small(3, 6), 0, new ArrayList<>(), new ArrayList<>()).model().sha256();
        String b = run(small(3, 6), 0, new ArrayList<>(), new ArrayList<>()).model().sha256();
        String c = run(small(4, 6), 0, new ArrayList<>(), new ArrayList<>()).model().sha256();
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void resumingFromASnapshotContinuesBitIdentically() {
        List<GptTrainingState> snapshots = new ArrayList<>();
        GptTrainingState uninterrupted = run(small(5, 10), 4, snapshots, new ArrayList<>());
        assertThat(snapshots).extracting(GptTrainingState::step).containsExactly(4L, 8L);
        GptTrainingState resumed = GptTrainer.train(snapshots.getFirst(), 0, progress -> { });
        assertThat(resumed.model().sha256()).isEqualTo(uninterrupted.model().sha256());
        assertThat(resumed.cursor()).isEqualTo(10);
        assertThat(resumed.optimizer().stepCount()).isEqualTo(10);
    }

    @Test
    void replicasFromTheFactoryAgreeOnThetaAndDifferInData() {
        GptReplicaFactory factory = new GptReplicaFactory(small(0, 1).model(), 4);
        Replica first = factory.create(11, 0, 2);
        Replica second = factory.create(11, 1, 2);
        for (int i = 0; i < first.parameters().size(); i++) {
            assertThat(first.parameters().get(i).value()).isEqualTo(second.parameters().get(i).value());
        }
        Replica.BatchLoss a = first.accumulateGradients();
        Replica.BatchLoss b = second.accumulateGradients();
        assertThat(a.tokens()).isEqualTo(64);
        assertThat(a.loss()).isNotEqualTo(b.loss());
        assertThat(first.cursor()).isEqualTo(1);
        assertThat(first.validationLoss()).isEqualTo(second.validationLoss());

        Replica again = factory.create(11, 0, 2);
        again.accumulateGradients();
        assertThat(again.parameters().getFirst().grad()).isEqualTo(first.parameters().getFirst().grad());
        again.seek(0);
        assertThat(again.cursor()).isZero();
        GptModel exported = GptModel.fromBytes(((GptReplica) again).model().toBytes());
        assertThat(exported.network().parameters().getFirst().value())
                .isEqualTo(again.parameters().getFirst().value());
    }

    @Test
    void learningRateWarmsUpThenDecays() {
        GptTrainingConfig config = small(0, 100);
        assertThat(GptTrainer.learningRate(config, 1)).isEqualTo(config.learningRate() / 5);
        assertThat(GptTrainer.learningRate(config, 5)).isEqualTo(config.learningRate());
        assertThat(GptTrainer.learningRate(config, 100)).isCloseTo(config.learningRate() * 0.1,
                org.assertj.core.api.Assertions.within(1e-15));
    }

    private static double unigramEntropy(CharCorpus corpus) {
        double[] counts = new double[corpus.vocabulary().size()];
        double total = 0;
        for (long cursor = 0; cursor < 200; cursor++) {
            for (int[] row : corpus.batch(99, 0, cursor, 16).targets()) {
                for (int t : row) {
                    counts[t]++;
                    total++;
                }
            }
        }
        double entropy = 0;
        for (double c : counts) {
            if (c > 0) {
                entropy -= c / total * Math.log(c / total);
            }
        }
        return entropy;
    }
}
