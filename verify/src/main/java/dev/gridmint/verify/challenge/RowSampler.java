package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Which rows a provider must open (Fiat–Shamir): drawn from the challenge seed and the committed
 * root, so they exist only once the provider has committed. Re-committing to fish for easy rows
 * costs a new root per try, and to pass with only a share φ of rows right it needs about φ^-k tries
 * (k = 16: 65,536 tries at φ = ½); the saving of skipping a small share is already inside the
 * deadline's slack.
 */
public final class RowSampler {

    private static final String DOMAIN = "gridmint/verify/rows/v1";

    private RowSampler() {}

    /** {@code min(k, n)} distinct rows in ascending order. */
    public static int[] rows(Hash seed, Hash root, int n, int k) {
        SplittableRandom random = Seeds.random(DOMAIN, seed.bytes(), root.bytes());
        TreeSet<Integer> rows = new TreeSet<>();
        while (rows.size() < Math.min(k, n)) {
            rows.add(random.nextInt(n));
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }
}
