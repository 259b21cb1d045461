package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Hash;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortedTableTest {

    private static final SortedTable.EntryEncoder<Hash, Long> ENTRY = (out, key, value) -> out.hash(key).i64(value);

    private static byte[] sha256(byte[]... parts) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aNodeDigestHashesItsChildrenAndItsEntrysOwnDigest() {
        Hash key = Hash.sha256(new byte[] {42});
        byte[] entry = new ByteWriter().hash(key).i64(7).toByteArray();
        byte[] expected = sha256(new byte[] {1}, new byte[32], new byte[32], sha256(new byte[] {0}, entry));
        assertThat(SortedTable.<Hash, Long>empty().with(key, 7L).merkleRoot(ENTRY).bytes()).isEqualTo(expected);
        assertThat(SortedTable.<Hash, Long>empty().merkleRoot(ENTRY).bytes()).isEqualTo(new byte[32]);
    }

    @Test
    void pathCopiesKeepTheRootEqualToABuildFromScratch() {
        Map<Hash, Long> entries = new HashMap<>();
        SortedTable<Hash, Long> table = SortedTable.empty();
        for (int i = 0; i < 300; i++) {
            Hash key = Hash.sha256(new byte[] {(byte) i, (byte) (i >> 8)});
            table.merkleRoot(ENTRY); // memoize digests, so later copies carry them
            table = table.with(key, (long) i);
            entries.put(key, (long) i);
            if (i % 3 == 0) {
                Hash gone = Hash.sha256(new byte[] {(byte) (i / 2), (byte) (i / 2 >> 8)});
                table = table.without(gone);
                entries.remove(gone);
            }
        }
        assertThat(table.merkleRoot(ENTRY)).isEqualTo(SortedTable.copyOf(entries).merkleRoot(ENTRY));
    }

    @Test
    void withReturnsANewTableAndLeavesTheOldOneAlone() {
        SortedTable<String, Integer> empty = SortedTable.empty();
        SortedTable<String, Integer> one = empty.with("b", 2);
        SortedTable<String, Integer> two = one.with("a", 1);
        SortedTable<String, Integer> replaced = two.with("b", 3);
        assertThat(empty.size()).isZero();
        assertThat(one.size()).isEqualTo(1);
        assertThat(two.get("b")).contains(2);
        assertThat(replaced.get("b")).contains(3);
        assertThat(replaced.size()).isEqualTo(2);
        assertThat(two.get("z")).isEmpty();
        assertThat(two.containsKey("a")).isTrue();
        assertThat(one.containsKey("a")).isFalse();
    }

    @Test
    void iteratesInKeyOrder() {
        Map<String, Integer> unordered = new HashMap<>();
        for (String key : List.of("delta", "alpha", "charlie", "bravo")) {
            unordered.put(key, key.length());
        }
        var table = SortedTable.copyOf(unordered);
        List<String> keys = new ArrayList<>();
        table.forEach((key, value) -> keys.add(key));
        assertThat(keys).containsExactly("alpha", "bravo", "charlie", "delta");
        assertThat(table.asMap().firstKey()).isEqualTo("alpha");
        assertThat(table.values()).containsExactly(5, 5, 7, 5);
    }

    @Test
    void copyOfDoesNotShareTheSourceMap() {
        Map<String, Integer> source = new HashMap<>(Map.of("a", 1));
        var table = SortedTable.copyOf(source);
        source.put("b", 2);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void viewsAreReadOnly() {
        var table = SortedTable.<String, Integer>empty().with("a", 1);
        assertThatThrownBy(() -> table.asMap().put("b", 2)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> table.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityIsByContent() {
        var a = SortedTable.<String, Integer>empty().with("x", 1).with("y", 2);
        var b = SortedTable.<String, Integer>empty().with("y", 2).with("x", 1);
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.with("x", 3));
    }

    @Test
    void withoutReturnsANewTableAndLeavesTheOldOneAlone() {
        var two = SortedTable.<String, Integer>empty().with("a", 1).with("b", 2);
        var one = two.without("a");
        assertThat(one.size()).isEqualTo(1);
        assertThat(one.get("a")).isEmpty();
        assertThat(one.get("b")).contains(2);
        assertThat(two.get("a")).contains(1);
        assertThat(two.size()).isEqualTo(2);
        assertThat(one).isEqualTo(SortedTable.<String, Integer>empty().with("b", 2));
        assertThat(two.without("zzz")).isSameAs(two);
        assertThatThrownBy(() -> two.without(null)).isInstanceOf(NullPointerException.class);
    }
}
