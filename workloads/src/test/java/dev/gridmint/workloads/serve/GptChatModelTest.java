package dev.gridmint.workloads.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.gpt.CharCorpus;
import dev.gridmint.workloads.gpt.GptModel;
import dev.gridmint.workloads.gpt.GptTrainer;
import dev.gridmint.workloads.gpt.GptConfig;
import dev.gridmint.workloads.gpt.GptTrainingConfig;
import dev.gridmint.workloads.gpt.GptTrainingState;
import dev.gridmint.workloads.names.NamesDataset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GptChatModelTest {

    private static GptChatModel model;

    @BeforeAll
    static void train() {
        int vocabulary = NamesDataset.bundled().vocabulary().size();
        var config = new GptTrainingConfig(8, 150, 8, 3e-3, 0.01, 150, new GptConfig(vocabulary, 16, 32, 2, 2));
        GptModel trained = GptTrainer.train(GptTrainingState.initial(config, CharCorpus.bundled(16, 0, 1)), 0, p -> { }).model();
        // Served from its export, as a provider does after downloading the artifact.
        byte[] export = trained.toBytes();
        model = new GptChatModel("names-gpt-0123456789ab", GptModel.sha256Hex(export), GptModel.fromBytes(export));
    }

    @Test
    void equalSeedsGiveEqualTokensAndTheStreamAddsUpToTheText() {
        List<String> streamed = new ArrayList<>();
        Sampling sampling = new Sampling(40, 1.0, 0.9, 42, List.of());
        Generation first = model.generate("a name like ma", sampling, streamed::add);
        assertThat(model.generate("a name like ma", sampling, t -> { })).isEqualTo(first);
        assertThat(String.join("", streamed)).isEqualTo(first.text());
        assertThat(first.text()).hasSize(40).matches("[a-z\n]+");
        assertThat(first.completionTokens()).isEqualTo(40);
        assertThat(first.finishReason()).isEqualTo("length");
    }

    @Test
    void seedsDifferAndStopSequencesEndTheAnswer() {
        long distinct = new SplittableRandom(5).longs(12)
                .mapToObj(seed -> model.generate("", new Sampling(24, 1.0, 1.0, seed, List.of("\n")), t -> { }).text())
                .distinct().count();
        assertThat(distinct).isGreaterThan(3);
        Generation one = model.generate("", new Sampling(200, 1.0, 1.0, 9, List.of("\n")), t -> { });
        assertThat(one.finishReason()).isEqualTo("stop");
        assertThat(one.text()).doesNotContain("\n");
    }

    @Test
    void temperatureZeroIsGreedyWhateverTheSeed() {
        Sampling greedy = new Sampling(30, 0, 1.0, 1, List.of());
        assertThat(model.generate("em", greedy, t -> { }).text())
                .isEqualTo(model.generate("em", new Sampling(30, 0, 1.0, 2, List.of()), t -> { }).text());
        assertThat(model.countTokens("hello")).isEqualTo(5);
        assertThat(model.id()).isEqualTo("names-gpt-0123456789ab");
    }
}
