package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Hash;
import java.util.List;

/** One row of the committed product and the sibling hashes from its leaf up to the root. */
public record Opening(int row, float[] values, List<Hash> path) {

    public Opening {
        values = values.clone();
        path = List.copyOf(path);
    }

    @Override
    public float[] values() {
        return values.clone();
    }
}
