package dev.gridmint.workloads.gpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.names.NamesDataset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CharCorpusTest {

    private static final NamesDataset NAMES = NamesDataset.fromLines(List.of(
            "ann", "bob", "cy", "dee", "eve", "flo", "gus", "hal", "ivy", "jo", "kim", "lu"));

    @Test
    void batchIsAPureFunctionOfSeedShardAndCursor() {
        CharCorpus corpus = CharCorpus.of(NAMES, 4, 0, 1);
        CharCorpus.Batch a = corpus.batch(7, 0, 3, 5);
        CharCorpus.Batch b = CharCorpus.of(NAMES, 4, 0, 1).batch(7, 0, 3, 5);
        assertThat(a.inputs()).isDeepEqualTo(b.inputs());
        assertThat(Arrays.deepEquals(corpus.batch(7, 0, 4, 5).inputs(), a.inputs())).isFalse();
        assertThat(Arrays.deepEquals(corpus.batch(8, 0, 3, 5).inputs(), a.inputs())).isFalse();
        assertThat(Arrays.deepEquals(corpus.batch(7, 1, 3, 5).inputs(), a.inputs())).isFalse();
        assertThat(a.tokens()).isEqualTo(20);
    }

    @Test
    void targetsAreInputsShiftedByOne() {
        CharCorpus.Batch batch = CharCorpus.of(NAMES, 4, 0, 1).batch(1, 0, 0, 8);
        for (int b = 0; b < 8; b++) {
            for (int i = 0; i + 1 < 4; i++) {
                assertThat(batch.targets()[b][i]).isEqualTo(batch.inputs()[b][i + 1]);
            }
        }
    }

    @Test
    void shardsSplitTheTrainingNamesAndShareValidation() {
        CharCorpus whole = CharCorpus.of(NAMES, 2, 0, 1);
        CharCorpus first = CharCorpus.of(NAMES, 2, 0, 2);
        CharCorpus second = CharCorpus.of(NAMES, 2, 1, 2);
        // each shard stream has its own leading boundary
        assertThat(first.trainTokens() + second.trainTokens()).isEqualTo(whole.trainTokens() + 1);
        assertThat(first.validation().inputs()).isDeepEqualTo(second.validation().inputs());
    }

    @Test
    void validationIsEveryHeldOutNameInWindows() {
        CharCorpus corpus = CharCorpus.bundled(32, 0, 1);
        int tokens = 1;
        for (String name : NamesDataset.bundled().split(CharCorpus.SPLIT_SEED).validation()) {
            tokens += name.length() + 1;
        }
        assertThat(corpus.validation().inputs().length).isEqualTo((tokens - 1) / 32).isGreaterThan(50);
        assertThat(corpus.validation().inputs()[0][0]).isZero(); // the stream starts at a boundary
    }

    @Test
    void impossibleShardsAndContextsAreRejected() {
        assertThatThrownBy(() -> CharCorpus.of(NAMES, 4, 2, 2)).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> CharCorpus.of(NAMES, 4, 0, 100)).hasMessageContaining("shards");
        assertThatThrownBy(() -> CharCorpus.of(NAMES, 400, 0, 1)).hasMessageContaining("exceeds");
    }
}
