package dev.gridmint.workloads.serve;

import dev.gridmint.workloads.names.NamesModel;
import dev.gridmint.workloads.names.Vocabulary;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The names model trained on Gridmint, served as a chat model. A token is one character. It answers
 * with one name: if the prompt ends in a word the vocabulary can spell, the name continues that word,
 * otherwise it starts fresh; the model's boundary token ends it.
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
        String name = seedWord(prompt);
        RandomGenerator random = new SplittableRandom(sampling.seed());
        var stops = new StopMatcher(sampling.stop(), onToken);
        int drawn = 0;
        String finish = "length";
        while (drawn < sampling.maxTokens()) {
            int next = TokenSampler.draw(model.logits(List.of(name)).data(), sampling.temperature(), sampling.topP(), random);
            if (next == 0) {
                finish = "stop";
                break;
            }
            drawn++;
            char c = model.vocabulary().decode(next);
            name += c;
            if (stops.accept(String.valueOf(c))) {
                finish = "stop";
                break;
            }
        }
        return new Generation(stops.finish(), countTokens(prompt), drawn, finish);
    }

    /** The prompt's last word, lowercased, when every character of it is in the vocabulary; else nothing. */
    private String seedWord(String prompt) {
        String trimmed = prompt.strip();
        String word = trimmed.substring(trimmed.lastIndexOf(' ') + 1).toLowerCase(Locale.ROOT);
        Vocabulary vocabulary = model.vocabulary();
        for (int i = 0; i < word.length(); i++) {
            if (!vocabulary.contains(word.charAt(i)) || word.charAt(i) == Vocabulary.BOUNDARY) {
                return "";
            }
        }
        return word;
    }
}
