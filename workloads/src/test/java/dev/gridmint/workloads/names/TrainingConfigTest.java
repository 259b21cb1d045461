package dev.gridmint.workloads.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingConfigTest {

    @Test
    void defaults() {
        TrainingConfig c = TrainingConfig.defaults(42);
        assertThat(c).isEqualTo(new TrainingConfig(42, 1500, 32, 3, 10, 128, 0.01, 0.01, 100));
        assertThat(c.withSteps(10).withBatchSize(4).withHiddenSize(8).withLearningRate(0.5).withEvalEvery(3)
                .withWeightDecay(0.0).withSeed(1))
                .isEqualTo(new TrainingConfig(1, 10, 4, 3, 10, 8, 0.5, 0.0, 3));
    }

    @Test
    void rejectsOutOfRangeValuesWithAClearMessage() {
        TrainingConfig c = TrainingConfig.defaults(0);
        assertThatThrownBy(() -> c.withSteps(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("steps must be in 1..1000000, got 0");
        assertThatThrownBy(() -> c.withBatchSize(5000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batchSize");
        assertThatThrownBy(() -> c.withModelShape(0, 10, 128)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("contextLength");
        assertThatThrownBy(() -> c.withModelShape(3, 0, 128)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embeddingDim");
        assertThatThrownBy(() -> c.withHiddenSize(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hiddenSize");
        assertThatThrownBy(() -> c.withLearningRate(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> c.withLearningRate(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learningRate");
        assertThatThrownBy(() -> c.withWeightDecay(-0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weightDecay");
        assertThatThrownBy(() -> c.withEvalEvery(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("evalEvery");
    }
}
