package dev.gridmint.workloads.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Next-character prediction examples: for every position of every name (and the end of the name), the
 * previous {@code contextLength} token ids (left-padded with the boundary token) and the token that follows.
 * A name of {@code n} characters gives {@code n + 1} examples; "emma" with context 3 gives
 * {@code ... → e, ..e → m, .em → m, emm → a, mma → .}.
 *
 * @param contexts {@code size × contextLength} token ids
 * @param targets  {@code size} token ids
 */
public record Examples(int[][] contexts, int[] targets) {

    public Examples {
        Objects.requireNonNull(contexts, "contexts");
        Objects.requireNonNull(targets, "targets");
        if (contexts.length != targets.length) {
            throw new IllegalArgumentException(contexts.length + " contexts but " + targets.length + " targets");
        }
    }

    /** The examples of all {@code names}, in order. */
    public static Examples of(List<String> names, Vocabulary vocabulary, int contextLength) {
        if (contextLength < 1) {
            throw new IllegalArgumentException("contextLength must be >= 1, got " + contextLength);
        }
        List<int[]> contexts = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (String name : names) {
            int[] window = new int[contextLength]; // all boundary tokens (id 0)
            for (int i = 0; i <= name.length(); i++) {
                int next = i < name.length() ? vocabulary.encode(name.charAt(i)) : 0;
                contexts.add(window.clone());
                targets.add(next);
                System.arraycopy(window, 1, window, 0, contextLength - 1);
                window[contextLength - 1] = next;
            }
        }
        int[] t = new int[targets.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = targets.get(i);
        }
        return new Examples(contexts.toArray(int[][]::new), t);
    }

    public int size() {
        return targets.length;
    }

    /** The examples at the given indices, in that order. */
    public Examples select(int[] indices) {
        int[][] c = new int[indices.length][];
        int[] t = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            c[i] = contexts[indices[i]];
            t[i] = targets[indices[i]];
        }
        return new Examples(c, t);
    }

    /** The examples {@code [from, to)}. */
    public Examples range(int from, int to) {
        Objects.checkFromToIndex(from, to, size());
        int[][] c = new int[to - from][];
        int[] t = new int[to - from];
        System.arraycopy(contexts, from, c, 0, to - from);
        System.arraycopy(targets, from, t, 0, to - from);
        return new Examples(c, t);
    }
}
