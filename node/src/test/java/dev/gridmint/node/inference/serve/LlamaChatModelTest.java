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
            System.out.println("GEN [" + first.text() + "] " + first);
            assertThat(again).isEqualTo(first);
            assertThat(String.join("", streamed)).isEqualTo(first.text());
            assertThat(first.completionTokens()).isPositive();
            Generation other = model.generate("Hello there", new Sampling(24, 0.9, 0.95, 43, List.of()), token -> { });
            System.out.println("GEN2 [" + other.text() + "]");
        }
    }
}
