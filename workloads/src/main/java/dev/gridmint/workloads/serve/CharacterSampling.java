package dev.gridmint.workloads.serve;

import dev.gridmint.workloads.names.Vocabulary;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The sampling loop of the character-level chat models: a token is one character, the boundary token reads
 * as a new line, and drawing stops at the token limit or a stop sequence. The model behind it only says what
 * it predicts next and takes each token drawn.
 */
final class CharacterSampling {

    /** What one model writes: its logits for the next token, given every token it has taken so far. */
    interface Writer {
        double[] nextLogits();

        void take(int token);
    }

    private CharacterSampling() {}

    /** Draws with the request's seed, so the same request gives the same tokens on every machine. */
    static Generation generate(int promptTokens, Sampling sampling, Consumer<String> onToken, Vocabulary vocabulary, Writer writer) {
        var random = new SplittableRandom(sampling.seed());
        var stops = new StopMatcher(sampling.stop(), onToken);
        int drawn = 0;
        String finish = "length";
        // drawn counts every token, the new lines too
        while (drawn < sampling.maxTokens()) {
            int next = TokenSampler.draw(writer.nextLogits(), sampling.temperature(), sampling.topP(), random);
            writer.take(next);
            drawn++;
            if (stops.accept(String.valueOf(next == 0 ? '\n' : vocabulary.decode(next)))) {
                finish = "stop";
                break;
            }
        }
        return new Generation(stops.finish(), promptTokens, drawn, finish);
    }
}
