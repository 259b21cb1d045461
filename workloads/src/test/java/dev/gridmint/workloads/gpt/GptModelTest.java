package dev.gridmint.workloads.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GptModelTest {

    private static final GptModel TRAINED = GptTrainer.train(
            GptTrainingState.initial(GptTrainerTest.small(8, 200), CharCorpus.bundled(16, 0, 1)), 0, p -> { })
            .model();

    @Test
    void fileRoundTripsToTheSameBytesAndLogits() {
        byte[] bytes = TRAINED.toBytes();
        GptModel loaded = GptModel.fromBytes(bytes);
        assertThat(loaded.toBytes()).isEqualTo(bytes);
        assertThat(loaded.config()).isEqualTo(TRAINED.config());
        assertThat(loaded.vocabulary()).isEqualTo(TRAINED.vocabulary());
        int[][] tokens = {{0, 1, 2, 3}};
        assertThat(loaded.network().logits(tokens)).isEqualTo(TRAINED.network().logits(tokens));
        assertThat(Arrays.copyOf(bytes, 4)).isEqualTo(GptModel.MAGIC);
    }

    @Test
    void generationIsDeterministicAndSeedDependent() {
        String a = TRAINED.generate("ma", 40, 1.0, 7);
        assertThat(TRAINED.generate("ma", 40, 1.0, 7)).isEqualTo(a);
        assertThat(GptModel.fromBytes(TRAINED.toBytes()).generate("ma", 40, 1.0, 7)).isEqualTo(a);
        assertThat(TRAINED.generate("ma", 40, 1.0, 8)).isNotEqualTo(a);
        assertThat(a).hasSize(40).contains("\n").matches("[a-z\\-\\n]+");
        String greedy = TRAINED.generate("", 20, 0.0, 1);
        assertThat(TRAINED.generate("", 20, 0.0, 2)).isEqualTo(greedy);
        assertThat(TRAINED.generate("\n", 0, 1.0, 1)).isEmpty();
    }

    @Test
    void promptsLongerThanTheContextAreCropped() {
        String prompt = "anna\nbella\ncarla\ndora\nemma\nfiona\n";
        assertThat(prompt.length()).isGreaterThan(TRAINED.config().contextLength());
        assertThat(TRAINED.generate(prompt, 10, 0.5, 3)).hasSize(10);
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> TRAINED.generate("Z", 5, 1.0, 1)).hasMessageContaining("not in the vocabulary");
        assertThatThrownBy(() -> TRAINED.generate("a", -1, 1.0, 1)).hasMessageContaining("maxTokens");
        assertThatThrownBy(() -> TRAINED.generate("a", 5, Double.NaN, 1)).hasMessageContaining("temperature");
        byte[] bytes = TRAINED.toBytes();
        assertThatThrownBy(() -> GptModel.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> GptModel.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .hasMessageContaining("trailing");
        byte[] badVersion = bytes.clone();
        badVersion[7] = 9;
        assertThatThrownBy(() -> GptModel.fromBytes(badVersion)).hasMessageContaining("version");
        byte[] badShape = bytes.clone();
        badShape[27] = 7; // heads = 7 does not divide the width
        assertThatThrownBy(() -> GptModel.fromBytes(badShape)).isInstanceOf(IllegalArgumentException.class);
    }
}
