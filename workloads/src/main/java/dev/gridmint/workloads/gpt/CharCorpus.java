package dev.gridmint.workloads.gpt;

import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.names.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Names as one character stream for a {@link Gpt}: each name followed by the boundary token (id 0, which
 * plays the part of {@code '\n'}), with one boundary at the very start. The names are split once, by the
 * fixed {@link #SPLIT_SEED}, into 90% training and 10% held-out validation names, so every run and every
 * seed is judged on the same validation set.
 *
 * <p>Shard {@code k} of {@code n} owns the contiguous slice {@code [k·N/n, (k+1)·N/n)} of the training
 * names. Its batch at cursor {@code c} is a pure function of {@code (seed, k, c)}: {@code batch} windows of
 * {@code T} tokens with uniformly drawn start offsets, the targets being the same window shifted by one.
 * So a worker's data order needs no state beyond the cursor, and anyone can recompute it.
 */
public final class CharCorpus {

    /** Seeds the train/validation split; a constant, so validation never changes with the run's seed. */
    public static final long SPLIT_SEED = 0x67726964L; // "grid"

    private final Vocabulary vocabulary;
    private final int[] train;
    private final int[] validation;
    private final int contextLength;

    private CharCorpus(Vocabulary vocabulary, int[] train, int[] validation, int contextLength) {
        this.vocabulary = vocabulary;
        this.train = train;
        this.validation = validation;
        this.contextLength = contextLength;
    }

    /** Shard {@code shard} of {@code shards} of the bundled names, in windows of {@code contextLength}. */
    public static CharCorpus bundled(int contextLength, int shard, int shards) {
        return of(NamesDataset.bundled(), contextLength, shard, shards);
    }

    public static CharCorpus of(NamesDataset dataset, int contextLength, int shard, int shards) {
        Objects.requireNonNull(dataset, "dataset");
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("shard " + shard + " of " + shards + " does not exist");
        }
        NamesDataset.Split split = dataset.split(SPLIT_SEED);
        List<String> names = split.train();
        if (shards > names.size()) {
            throw new IllegalArgumentException(shards + " shards for " + names.size() + " training names");
        }
        List<String> slice = names.subList(
                (int) ((long) shard * names.size() / shards), (int) ((long) (shard + 1) * names.size() / shards));
        Vocabulary vocabulary = dataset.vocabulary();
        int[] train = encode(slice, vocabulary);
        int[] validation = encode(split.validation(), vocabulary);
        if (train.length <= contextLength || validation.length <= contextLength) {
            throw new IllegalArgumentException("context length " + contextLength + " exceeds the data ("
                    + train.length + " training and " + validation.length + " validation tokens)");
        }
        return new CharCorpus(vocabulary, train, validation, contextLength);
    }

    private static int[] encode(List<String> names, Vocabulary vocabulary) {
        int length = 1;
        for (String name : names) {
            length += name.length() + 1;
        }
        int[] tokens = new int[length];
        int i = 1; // tokens[0] is the boundary
        for (String name : names) {
            for (int c = 0; c < name.length(); c++) {
                tokens[i++] = vocabulary.encode(name.charAt(c));
            }
            tokens[i++] = 0;
        }
        return tokens;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int contextLength() {
        return contextLength;
    }

    /** Training tokens in this shard. */
    public int trainTokens() {
        return train.length;
    }

    /** Input windows and their next-token targets, {@code batch × T} each. */
    public record Batch(int[][] inputs, int[][] targets) {

        public int tokens() {
            return inputs.length * inputs[0].length;
        }
    }

    /** The training batch at {@code cursor} for a run seeded {@code seed} on shard {@code shard}. */
    public Batch batch(long seed, int shard, long cursor, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (cursor < 0) {
            throw new IllegalArgumentException("cursor must be >= 0, got " + cursor);
        }
        SplittableRandom rng = new SplittableRandom(batchSeed(seed, shard, cursor));
        int[] offsets = new int[batchSize];
        for (int b = 0; b < batchSize; b++) {
            offsets[b] = rng.nextInt(train.length - contextLength);
        }
        return windows(train, offsets);
    }

    /** The whole validation stream in consecutive, non-overlapping windows. */
    public Batch validation() {
        int[] offsets = new int[(validation.length - 1) / contextLength];
        for (int w = 0; w < offsets.length; w++) {
            offsets[w] = w * contextLength;
        }
        return windows(validation, offsets);
    }

    private Batch windows(int[] stream, int[] offsets) {
        int[][] inputs = new int[offsets.length][];
        int[][] targets = new int[offsets.length][];
        for (int b = 0; b < offsets.length; b++) {
            inputs[b] = Arrays.copyOfRange(stream, offsets[b], offsets[b] + contextLength);
            targets[b] = Arrays.copyOfRange(stream, offsets[b] + 1, offsets[b] + contextLength + 1);
        }
        return new Batch(inputs, targets);
    }

    /**
     * Mixes the three coordinates with the MurmurHash3 finalizer, one round per coordinate, so nearby seeds,
     * shards and cursors give unrelated streams.
     */
    static long batchSeed(long seed, int shard, long cursor) {
        long h = mix(seed);
        h = mix(h ^ (0x9E3779B97F4A7C15L * (shard + 1L)));
        return mix(h ^ (0xC2B2AE3D27D4EB4FL * (cursor + 1L)));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
