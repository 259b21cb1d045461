package dev.gridmint.workloads.serve;

import dev.gridmint.workloads.gpt.GptModel;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A transformer trained on Gridmint ({@code train-gpt}'s {@link GptModel} export), served as a chat model
 * by the project's own forward pass. Like the names model a token is one character and the boundary token
 * reads as a new line: it answers with names, one per line, and a prompt ending in a word it can spell is
 * continued. Unlike the names model the context does not reset at a boundary: the transformer sees the
 * names it wrote before, up to its context length, as it did in training.
 */
public final class GptChatModel implements ChatModel {

    private final String id;
    private final String sha256;
    private final GptModel model;

    /** {@code sha256} is the hash of the export the model was read from (its artifact). */
    public GptChatModel(String id, String sha256, GptModel model) {
        this.id = id;
        this.sha256 = sha256;
        this.model = model;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public int countTokens(String text) {
        return text.length();
    }

    @Override
    public Generation generate(String prompt, Sampling sampling, Consumer<String> onToken) {
        String word = NamesChatModel.seedWord(prompt, model.vocabulary());
        int contextLength = model.config().contextLength();
        int vocabularySize = model.config().vocabularySize();
        // The buffer holds the boundary, the prompt's word and every token drawn; the model sees its tail.
        int[] tokens = new int[1 + word.length() + sampling.maxTokens()];
        int[] length = {1};
        for (int i = 0; i < word.length(); i++) {
            tokens[length[0]++] = model.vocabulary().encode(word.charAt(i));
        }
        return CharacterSampling.generate(countTokens(prompt), sampling, onToken, model.vocabulary(), new CharacterSampling.Writer() {
            @Override
            public double[] nextLogits() {
                int[] context = Arrays.copyOfRange(tokens, Math.max(0, length[0] - contextLength), length[0]);
                double[] logits = model.network().logits(new int[][] {context}).data();
                return Arrays.copyOfRange(logits, logits.length - vocabularySize, logits.length);
            }

            @Override
            public void take(int token) {
                tokens[length[0]++] = token;
            }
        });
    }
}
