package dev.gridmint.workloads.serve;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.names.Vocabulary;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The names model trained on Gridmint, served as a chat model. A token is one character. It answers
 * with names, one per line, until the token limit or a stop sequence ({@code "\n"} gives one name): if the
 * prompt ends in a word the vocabulary can spell, the first name continues that word.
 */
public final class NamesChatModel implements ChatModel {

    public static final String ID = "gridmint-names";

    private final NamesModel model;
    private final String sha256;

    public NamesChatModel(NamesModel model) {
        this.model = model;
        this.sha256 = NamesModel.sha256Hex(model.toBytes());
    }

    @Override
    public String id() {
        return ID;
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
        // The boundary token ends a name, and the next name starts from an empty context.
        var name = new StringBuilder(seedWord(prompt, model.vocabulary()));
        return CharacterSampling.generate(countTokens(prompt), sampling, onToken, model.vocabulary(), new CharacterSampling.Writer() {
            @Override
            public double[] nextLogits() {
                return model.logits(List.of(name.toString())).data();
            }

            @Override
            public void take(int token) {
                if (token == 0) {
                    name.setLength(0);
                } else {
                    name.append(model.vocabulary().decode(token));
                }
            }
        });
    }

    /** The prompt's last word, lowercased, when every character of it is in the vocabulary; else nothing. */
    static String seedWord(String prompt, Vocabulary vocabulary) {
        String trimmed = prompt.strip();
        String word = trimmed.substring(trimmed.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
        for (int i = 0; i < word.length(); i++) {
            if (!vocabulary.contains(word.charAt(i)) || word.charAt(i) == Vocabulary.BOUNDARY) {
                return "";
            }
        }
        return word;
    }
}
