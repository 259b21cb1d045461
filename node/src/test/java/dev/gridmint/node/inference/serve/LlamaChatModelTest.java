package dev.gridmint.node.inference.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.serve.Generation;
import dev.gridmint.workloads.serve.Sampling;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaChatModelTest {

    @TempDir
    Path dir;

    @Test
    void jlamaLoadsTheTinyLlamaAndASeedFixesItsTokens() throws Exception {
        TinyLlama.writeDirectory(7, dir);
        try (LlamaChatModel model = LlamaChatModel.load("tiny-llama-x", "00", dir)) {
            Sampling sampling = new Sampling(24, 0.9, 0.95, 42, List.of());
            List<String> streamed = new ArrayList<>();
            Generation first = model.generate("Hello there", sampling, streamed::add);
            Generation again = model.generate("Hello there", sampling, token -> { });
            assertThat(again).isEqualTo(first);
            assertThat(String.join("", streamed)).isEqualTo(first.text());
            assertThat(first.completionTokens()).isPositive();
            // Another load of the same files draws the same tokens: nothing but the seed chooses them.
            try (LlamaChatModel reloaded = LlamaChatModel.load("tiny-llama-x", "00", dir)) {
                assertThat(reloaded.generate("Hello there", sampling, token -> { })).isEqualTo(first);
            }
            long distinct = java.util.stream.LongStream.range(0, 8)
                    .mapToObj(seed -> model.generate("Hello there", new Sampling(12, 1.5, 1.0, seed, List.of()), t -> { }).text())
                    .distinct().count();
            assertThat(distinct).as("different seeds draw different tokens").isGreaterThan(2);
            assertThat(model.countTokens("Hi you")).isEqualTo(6);
        }
    }
}
