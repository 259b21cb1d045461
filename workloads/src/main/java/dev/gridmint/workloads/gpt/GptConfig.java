package dev.gridmint.workloads.gpt;

/**
 * The shape of a {@link Gpt}.
 *
 * @param vocabularySize tokens, {@code 2 … 128} (character level)
 * @param contextLength  the longest sequence, {@code T}, {@code 1 … 512}
 * @param dim            the model width, {@code 1 … 1,024}, a multiple of {@code heads}
 * @param layers         transformer blocks, {@code 1 … 32}
 * @param heads          attention heads per block, {@code 1 … 64}
 */
public record GptConfig(int vocabularySize, int contextLength, int dim, int layers, int heads) {

    public static final int MAX_VOCABULARY = 128;
    public static final int MAX_CONTEXT_LENGTH = 512;
    public static final int MAX_DIM = 1024;
    public static final int MAX_LAYERS = 32;
    public static final int MAX_HEADS = 64;
    /** The MLP's hidden width as a multiple of {@code dim}, as in GPT-2. */
    public static final int MLP_RATIO = 4;

    public GptConfig {
        requireRange("vocabularySize", vocabularySize, 2, MAX_VOCABULARY);
        requireRange("contextLength", contextLength, 1, MAX_CONTEXT_LENGTH);
        requireRange("dim", dim, 1, MAX_DIM);
        requireRange("layers", layers, 1, MAX_LAYERS);
        requireRange("heads", heads, 1, MAX_HEADS);
        if (dim % heads != 0) {
            throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
        }
    }

    /**
     * The benchmark preset: T = 32, width 48, 2 blocks of 4 heads (about 60k parameters), sized so that a
     * batch of 16 windows trains in a few tens of milliseconds on one core.
     */
    public static GptConfig small(int vocabularySize) {
        return new GptConfig(vocabularySize, 32, 48, 2, 4);
    }

    static void requireRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + value);
        }
    }
}
