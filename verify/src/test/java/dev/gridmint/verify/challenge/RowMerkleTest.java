package dev.gridmint.verify.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.FloatBytes;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowMerkleTest {

    private static float[] matrix(int rows, int width, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[rows * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-1, 1);
        }
        return values;
    }

    @Test
    void everyOpeningVerifiesForEveryTreeSizeIncludingOddOnes() {
        for (int rows = 1; rows <= 37; rows++) {
            RowMerkle tree = RowMerkle.build(matrix(rows, 5, rows), 5);
            for (int row = 0; row < rows; row++) {
                assertThat(RowMerkle.verify(tree.root(), rows, 5, tree.open(row))).as("row %d of %d", row, rows).isTrue();
            }
        }
    }

    @Test
    void anyFlippedBitInTheRowFails() {
        RowMerkle tree = RowMerkle.build(matrix(13, 4, 1), 4);
        Opening opening = tree.open(6);
        for (int entry = 0; entry < 4; entry++) {
            for (int bit = 0; bit < 32; bit++) {
                float[] values = opening.values();
                values[entry] = Float.intBitsToFloat(Float.floatToRawIntBits(values[entry]) ^ (1 << bit));
                assertThat(RowMerkle.verify(tree.root(), 13, 4, new Opening(6, values, opening.path()))).isFalse();
            }
        }
    }

    @Test
    void anyFlippedBitInThePathOrTheRootFails() {
        RowMerkle tree = RowMerkle.build(matrix(13, 4, 2), 4);
        Opening opening = tree.open(11);
        for (int step = 0; step < opening.path().size(); step++) {
            for (int bit = 0; bit < 256; bit += 7) {
                List<Hash> path = new ArrayList<>(opening.path());
                path.set(step, flip(path.get(step), bit));
                assertThat(RowMerkle.verify(tree.root(), 13, 4, new Opening(11, opening.values(), path))).isFalse();
            }
        }
        for (int bit = 0; bit < 256; bit++) {
            assertThat(RowMerkle.verify(flip(tree.root(), bit), 13, 4, opening)).isFalse();
        }
    }

    @Test
    void anOpeningDoesNotPassForAnotherIndexOrTreeSize() {
        RowMerkle tree = RowMerkle.build(matrix(12, 3, 3), 3);
        Opening opening = tree.open(4);
        assertThat(RowMerkle.verify(tree.root(), 12, 3, new Opening(5, opening.values(), opening.path()))).isFalse();
        assertThat(RowMerkle.verify(tree.root(), 11, 3, opening)).isFalse();
        assertThat(RowMerkle.verify(tree.root(), 12, 3, new Opening(4, opening.values(), opening.path().subList(1, opening.path().size()))))
                .isFalse();
    }

    /** What a GPU prover does: leaves hashed elsewhere by the documented layout, the tree built from them. */
    @Test
    void aTreeFromLeavesHashedByTheDocumentedLayoutIsTheSameTree() {
        int rows = 9;
        int width = 6;
        float[] matrix = matrix(rows, width, 4);
        Hash[] leaves = new Hash[rows];
        for (int row = 0; row < rows; row++) {
            byte[] index = ByteBuffer.allocate(4).putInt(row).array();
            leaves[row] = Hash.sha256(RowMerkle.leafTag(), index, FloatBytes.of(matrix, row * width, width));
        }
        RowMerkle built = RowMerkle.build(matrix, width);

        RowMerkle fromLeaves = RowMerkle.fromLeaves(leaves, row -> Arrays.copyOfRange(matrix, row * width, (row + 1) * width));

        assertThat(fromLeaves.root()).isEqualTo(built.root());
        for (int row = 0; row < rows; row++) {
            Opening opening = fromLeaves.open(row);
            assertThat(opening.path()).isEqualTo(built.open(row).path());
            assertThat(RowMerkle.verify(built.root(), rows, width, opening)).isTrue();
        }
    }

    private static Hash flip(Hash hash, int bit) {
        byte[] bytes = hash.bytes();
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        return new Hash(bytes);
    }
}
