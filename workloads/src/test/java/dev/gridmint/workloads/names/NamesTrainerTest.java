package dev.gridmint.workloads.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesTrainerTest {

    private static final TrainingConfig SHORT = TrainingConfig.defaults(7).withSteps(120).withEvalEvery(50)
            .withHiddenSize(32);

    @Test
    void sameSeedGivesTheSameModelAndDifferentSeedsDiffer() {
        TrainingResult a = NamesTrainer.train(SHORT, p -> { });
        TrainingResult b = NamesTrainer.train(SHORT, p -> { });
        TrainingResult c = NamesTrainer.train(SHORT.withSeed(8), p -> { });

        assertThat(b.modelSha256()).isEqualTo(a.modelSha256());
        assertThat(b.model()).isEqualTo(a.model());
        assertThat(b).isEqualTo(a); // curve, losses and samples too
        assertThat(c.modelSha256()).isNotEqualTo(a.modelSha256());
    }

    /**
     * Pins the bytes of one small run. The model file is part of the network's verification protocol, so any
     * change in the arithmetic, random streams or file format must be deliberate: if this fails after such a
     * change, update the hash; if it fails on one machine but not another, determinism is broken.
     */
    @Test
    void modelHashIsPinned() {
        TrainingConfig config = TrainingConfig.defaults(42).withSteps(100).withHiddenSize(32).withEvalEvery(50);
        assertThat(NamesTrainer.train(config, p -> { }).modelSha256())
                .isEqualTo("96f421e1ac490279515044d9ef6e3acf38d670588d353bdd371abe7d97d337bc");
    }

    @Test
    void reportsEveryEvalEveryStepsAndAtTheLastStep() {
        List<TrainingProgress> seen = new ArrayList<>();
        TrainingResult result = NamesTrainer.train(SHORT, seen::add);

        assertThat(seen).extracting(TrainingProgress::step).containsExactly(50, 100, 120);
        assertThat(seen).allMatch(p -> p.totalSteps() == 120);
        assertThat(result.curve()).isEqualTo(seen);
        assertThat(result.finalValLoss()).isEqualTo(seen.getLast().valLoss());
        assertThat(result.samples()).hasSize(NamesTrainer.SAMPLE_COUNT);
    }

    @Test
    void lossDecreasesOnAShortRun() {
        TrainingConfig config = TrainingConfig.defaults(1).withSteps(400).withEvalEvery(100);
        TrainingResult result = NamesTrainer.train(config, p -> { });

        List<TrainingProgress> curve = result.curve();
        double uniform = StrictMath.log(28);
        assertThat(curve.getFirst().valLoss()).isLessThan(uniform - 0.5);
        assertThat(curve.getLast().valLoss()).isLessThan(curve.getFirst().valLoss()).isLessThan(2.4);
        assertThat(curve.getLast().trainLoss()).isLessThan(curve.getFirst().trainLoss());
        assertThat(result.finalTrainLoss()).isLessThan(2.4);
    }

    @Test
    void learningRateFollowsACosineFromPeakToTenPercent() {
        TrainingConfig config = TrainingConfig.defaults(1).withSteps(101).withLearningRate(0.02);
        assertThat(NamesTrainer.learningRate(config, 1)).isCloseTo(0.02, within(1e-15));
        assertThat(NamesTrainer.learningRate(config, 51)).isCloseTo(0.011, within(1e-15));
        assertThat(NamesTrainer.learningRate(config, 101)).isCloseTo(0.002, within(1e-15));
        assertThat(NamesTrainer.learningRate(config.withSteps(1), 1)).isEqualTo(0.02);
    }
}
