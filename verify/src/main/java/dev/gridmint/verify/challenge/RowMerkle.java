package dev.gridmint.verify.challenge;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.verify.FloatBytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A Merkle tree over the rows of a matrix. A leaf hashes its row index and the row as
 * little-endian fp32, an inner node its two children, and the root the leaf count and the top
 * node, each under its own domain tag, so a leaf can never pass for a node nor a tree for one of
 * another size. On a level with an odd count the last node has no sibling and moves up unchanged;
 * its path simply has no entry for that level, which the verifier knows from the index and count.
 */
public final class RowMerkle {

    private static final String LEAF = "gridmint/verify/merkle/leaf/v1";
    private static final String NODE = "gridmint/verify/merkle/node/v1";
    private static final String ROOT = "gridmint/verify/merkle/root/v1";

    private final List<Hash[]> levels;
    private final IntFunction<float[]> rows;
    private final Hash root;

    private RowMerkle(List<Hash[]> levels, IntFunction<float[]> rows) {
        this.levels = levels;
        this.rows = rows;
        this.root = rootOf(levels.getFirst().length, levels.getLast()[0]);
    }

    /**
     * Commits to the rows of a row-major matrix with rows of {@code rowLength}. The tree keeps the
     * matrix to open rows from, without a copy (a challenge's C is the largest thing in memory), so
     * the caller must not change it afterwards.
     */
    public static RowMerkle build(float[] matrix, int rowLength) {
        if (rowLength < 1 || matrix.length == 0 || matrix.length % rowLength != 0) {
            throw new IllegalArgumentException("the matrix must be a non-empty whole number of rows of " + rowLength);
        }
        Hash[] leaves = new Hash[matrix.length / rowLength];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = leaf(i, matrix, i * rowLength, rowLength);
        }
        return fromLeaves(leaves, row -> Arrays.copyOfRange(matrix, row * rowLength, (row + 1) * rowLength));
    }

    /**
     * The tree over leaves hashed elsewhere (a GPU prover hashes each row where the product lies), with
     * {@code rows} to fetch a row's values when it is opened. Leaf i must be the hash {@link #leafTag()}
     * describes for row i, or the openings will not verify.
     */
    public static RowMerkle fromLeaves(Hash[] leaves, IntFunction<float[]> rows) {
        if (leaves.length == 0) {
            throw new IllegalArgumentException("a tree has at least one leaf");
        }
        List<Hash[]> levels = new ArrayList<>();
        levels.add(leaves.clone());
        while (levels.getLast().length > 1) {
            levels.add(parents(levels.getLast()));
        }
        return new RowMerkle(levels, rows);
    }

    /**
     * What a leaf hashes before its row index: the leaf's domain tag, length-prefixed. A leaf is
     * SHA-256 over these bytes, the row index as a big-endian i32, then the row as little-endian fp32.
     */
    public static byte[] leafTag() {
        return new ByteWriter().text(LEAF).toByteArray();
    }

    public Hash root() {
        return root;
    }

    public int rowCount() {
        return levels.getFirst().length;
    }

    public Opening open(int row) {
        List<Hash> path = new ArrayList<>();
        int index = row;
        for (Hash[] level : levels.subList(0, levels.size() - 1)) {
            int sibling = index ^ 1;
            if (sibling < level.length) {
                path.add(level[sibling]);
            }
            index >>= 1;
        }
        return new Opening(row, rows.apply(row), path);
    }

    /** True when the opening's row is the one committed at its index under {@code root}. */
    public static boolean verify(Hash root, int rowCount, int rowLength, Opening opening) {
        float[] values = opening.values();
        if (opening.row() < 0 || opening.row() >= rowCount || values.length != rowLength) {
            return false;
        }
        Hash node = leaf(opening.row(), values);
        int index = opening.row();
        int size = rowCount;
        int used = 0;
        while (size > 1) {
            boolean promoted = (index ^ 1) >= size;
            if (!promoted) {
                if (used == opening.path().size()) {
                    return false;
                }
                Hash sibling = opening.path().get(used++);
                node = (index & 1) == 0 ? node(node, sibling) : node(sibling, node);
            }
            index >>= 1;
            size = (size + 1) / 2;
        }
        return used == opening.path().size() && rootOf(rowCount, node).equals(root);
    }

    private static Hash[] parents(Hash[] children) {
        Hash[] parents = new Hash[(children.length + 1) / 2];
        for (int i = 0; i < parents.length; i++) {
            int left = 2 * i;
            parents[i] = left + 1 < children.length ? node(children[left], children[left + 1]) : children[left];
        }
        return parents;
    }

    /** Row {@code row}'s leaf: what a prover that hashes rows elsewhere must reproduce. */
    public static Hash leaf(int row, float[] values) {
        return leaf(row, values, 0, values.length);
    }

    private static Hash leaf(int row, float[] source, int offset, int length) {
        return Hash.sha256(new ByteWriter().text(LEAF).i32(row).toByteArray(), FloatBytes.of(source, offset, length));
    }

    private static Hash node(Hash left, Hash right) {
        return Hash.sha256(new ByteWriter().text(NODE).hash(left).hash(right).toByteArray());
    }

    private static Hash rootOf(int rowCount, Hash top) {
        return Hash.sha256(new ByteWriter().text(ROOT).i32(rowCount).hash(top).toByteArray());
    }
}
