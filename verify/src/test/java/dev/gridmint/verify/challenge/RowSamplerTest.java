package dev.gridmint.verify.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.Seeds;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RowSamplerTest {

    private final Hash seed = Seeds.derive("test", Seeds.longBytes(1));
    private final Hash root = Seeds.derive("test", Seeds.longBytes(2));

    @Test
    void drawsDistinctAscendingRowsInRange() {
        int[] rows = RowSampler.rows(seed, root, 100, 16);
        assertThat(rows).hasSize(16).isSorted().doesNotHaveDuplicates();
        assertThat(Arrays.stream(rows).allMatch(r -> r >= 0 && r < 100)).isTrue();
        assertThat(RowSampler.rows(seed, root, 5, 16)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void isFixedByTheSeedAndTheRootAndChangesWithEither() {
        assertThat(RowSampler.rows(seed, root, 1000, 16)).isEqualTo(RowSampler.rows(seed, root, 1000, 16));
        assertThat(RowSampler.rows(seed, seed, 1000, 16)).isNotEqualTo(RowSampler.rows(seed, root, 1000, 16));
        assertThat(RowSampler.rows(root, root, 1000, 16)).isNotEqualTo(RowSampler.rows(seed, root, 1000, 16));
    }
}
