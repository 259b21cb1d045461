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
        String name = seedWord(prompt, model.vocabulary());
        RandomGenerator random = new SplittableRandom(sampling.seed());
        var stops = new StopMatcher(sampling.stop(), onToken);
        int drawn = 0;
        String finish = "length";
        // drawn counts every token, the new lines too
        while (drawn < sampling.maxTokens()) {
            int next = TokenSampler.draw(model.logits(List.of(name)).data(), sampling.temperature(), sampling.topP(), random);
            drawn++;
            // The boundary token ends a name: it reads as a new line, and the next name starts from an empty context.
            char c = next == 0 ? '\n' : model.vocabulary().decode(next);
            name = next == 0 ? "" : name + c;
            if (stops.accept(String.valueOf(c))) {
                finish = "stop";
                break;
            }
        }
        return new Generation(stops.finish(), countTokens(prompt), drawn, finish);
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
