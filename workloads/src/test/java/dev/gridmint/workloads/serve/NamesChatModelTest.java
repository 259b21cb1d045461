package dev.gridmint.workloads.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.names.NamesTrainer;
import dev.gridmint.workloads.names.TrainingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NamesChatModelTest {

    private static NamesChatModel model;

    @BeforeAll
    static void train() {
        byte[] bytes = NamesTrainer.train(TrainingConfig.defaults(7).withSteps(200), progress -> { }).model();
        model = new NamesChatModel(NamesModel.fromBytes(bytes));
    }

    @Test
    void equalSeedsGiveEqualNamesAndTheTokensStreamedAddUpToTheText() {
        List<String> streamed = new ArrayList<>();
        Generation first = model.generate("a name please", new Sampling(32, 1.0, 1.0, 42, List.of()), streamed::add);
        Generation again = model.generate("a name please", new Sampling(32, 1.0, 1.0, 42, List.of()), token -> { });
        assertThat(again).isEqualTo(first);
        assertThat(String.join("", streamed)).isEqualTo(first.text());
        assertThat(first.completionTokens()).isEqualTo(first.text().length());
        assertThat(first.promptTokens()).isEqualTo("a name please".length());
        assertThat(first.text()).matches("[a-z\n]+").contains("\n");
    }

    @Test
    void differentSeedsExploreDifferentNames() {
        long distinct = new SplittableRandom(3).longs(20)
                .mapToObj(seed -> model.generate("", new Sampling(32, 1.0, 1.0, seed, List.of("\n")), t -> { }).text())
                .distinct().count();
        assertThat(distinct).isGreaterThan(5);
    }

    @Test
    void temperatureZeroIsGreedyWhateverTheSeed() {
        String greedy = model.generate("", new Sampling(32, 0, 1.0, 1, List.of()), t -> { }).text();
        assertThat(model.generate("", new Sampling(32, 0, 1.0, 99, List.of()), t -> { }).text()).isEqualTo(greedy);
        // A vanishing nucleus keeps only the most likely token, which is the greedy choice.
        assertThat(model.generate("", new Sampling(32, 1.0, 1e-9, 5, List.of()), t -> { }).text()).isEqualTo(greedy);
    }

    @Test
    void aNewLineStopGivesOneName() {
        Generation one = model.generate("", new Sampling(64, 1.0, 1.0, 42, List.of("\n")), t -> { });
        assertThat(one.text()).matches("[a-z]+");
        assertThat(one.finishReason()).isEqualTo("stop");
    }

    @Test
    void maxTokensCutsTheNameShort() {
        Generation cut = model.generate("", new Sampling(2, 1.0, 1.0, 42, List.of()), t -> { });
        assertThat(cut.completionTokens()).isEqualTo(2);
        assertThat(cut.finishReason()).isEqualTo("length");
    }

    @Test
    void aPromptWordIsContinued() {
        String fresh = model.generate("Continue: 42", new Sampling(32, 0, 1.0, 1, List.of("\n")), t -> { }).text();
        long differing = List.of("zz", "qu", "xav", "bo").stream()
                .map(word -> model.generate("Continue: " + word, new Sampling(32, 0, 1.0, 1, List.of("\n")), t -> { }).text())
                .filter(text -> !text.equals(fresh))
                .count();
        assertThat(differing).isPositive();
    }

    @Test
    void aStopSequenceEndsTheTextBeforeIt() {
        String full = model.generate("", new Sampling(32, 1.0, 1.0, 42, List.of()), t -> { }).text();
        String stop = full.substring(1, 3);
        List<String> streamed = new ArrayList<>();
        Generation stopped = model.generate("", new Sampling(32, 1.0, 1.0, 42, List.of(stop)), streamed::add);
        assertThat(stopped.text()).isEqualTo(full.substring(0, full.indexOf(stop)));
        assertThat(String.join("", streamed)).isEqualTo(stopped.text());
        assertThat(stopped.finishReason()).isEqualTo("stop");
    }
}
