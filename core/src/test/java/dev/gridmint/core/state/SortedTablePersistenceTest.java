package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The persistent treap inside {@link SortedTable} and its Merkle root. */
class SortedTablePersistenceTest {

    private static final SortedTable.EntryEncoder<String, Integer> TEXT = (out, k, v) -> out.text(k).i32(v);

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 1234567})
    void behavesLikeATreeMapOverRandomOperations(long seed) {
        var random = new Random(seed);
        var table = SortedTable.<String, Integer>empty();
        var model = new TreeMap<String, Integer>();
        List<SortedTable<String, Integer>> versions = new ArrayList<>();
        List<TreeMap<String, Integer>> models = new ArrayList<>();
        for (int op = 0; op < 3000; op++) {
            String key = "k" + random.nextInt(400);
            int value = random.nextInt(5);
            table = table.with(key, value);
            model.put(key, value);
            String probe = "k" + random.nextInt(500);
            assertThat(table.get(probe).orElse(null)).isEqualTo(model.get(probe));
            assertThat(table.containsKey(probe)).isEqualTo(model.containsKey(probe));
            assertThat(table.size()).isEqualTo(model.size());
            if (op % 100 == 0) {
                versions.add(table);
                models.add(new TreeMap<>(model));
            }
        }
        assertThat(table.asMap()).isEqualTo(model);
        assertThat(new ArrayList<>(table.asMap().keySet())).isEqualTo(new ArrayList<>(model.keySet()));
        assertThat(new ArrayList<>(table.values())).isEqualTo(new ArrayList<>(model.values()));
        assertThat(table.hashCode()).isEqualTo(model.hashCode());
        assertThat(table).isEqualTo(SortedTable.copyOf(model));
        assertThat(table.merkleRoot(TEXT)).isEqualTo(SortedTable.copyOf(model).merkleRoot(TEXT));
        // Old versions are untouched by later updates.
        for (int i = 0; i < versions.size(); i++) {
            assertThat(versions.get(i).asMap()).isEqualTo(models.get(i));
            assertThat(versions.get(i).merkleRoot(TEXT)).isEqualTo(SortedTable.copyOf(models.get(i)).merkleRoot(TEXT));
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void theRootAndTheTreeDoNotDependOnInsertionOrder(long seed) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            keys.add("account-" + i);
        }
        SortedTable<String, Integer> reference = null;
        for (int round = 0; round < 4; round++) {
            Collections.shuffle(keys, new Random(seed * 31 + round));
            var table = SortedTable.<String, Integer>empty();
            for (String key : keys) {
                table = table.with(key, key.length());
            }
            if (reference == null) {
                reference = table;
            }
            assertThat(table).isEqualTo(reference);
            assertThat(table.depth()).isEqualTo(reference.depth());
            assertThat(table.merkleRoot(TEXT)).isEqualTo(reference.merkleRoot(TEXT));
        }
        assertThat(SortedTable.copyOf(reference.asMap()).merkleRoot(TEXT)).isEqualTo(reference.merkleRoot(TEXT));
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void removingAKeyGivesTheTableBuiltWithoutIt(long seed) {
        var random = new Random(seed);
        var model = new TreeMap<String, Integer>();
        var table = SortedTable.<String, Integer>empty();
        for (int i = 0; i < 1_000; i++) {
            String key = "k" + random.nextInt(5_000);
            table = table.with(key, i);
            model.put(key, i);
        }
        List<String> keys = new ArrayList<>(model.keySet());
        Collections.shuffle(keys, random);
        // remove in random order, down to empty, checking against a table built from scratch each time
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            var before = table;
            Hash rootBefore = before.merkleRoot(TEXT);
            table = table.without(key);
            model.remove(key);
            assertThat(before.merkleRoot(TEXT)).as("the old table is untouched").isEqualTo(rootBefore);
            assertThat(before.containsKey(key)).isTrue();
            assertThat(table.containsKey(key)).isFalse();
            assertThat(table.size()).isEqualTo(model.size());
            if (i % 50 == 0 || model.size() < 5) {
                var rebuilt = SortedTable.copyOf(model);
                var inserted = SortedTable.<String, Integer>empty();
                for (var entry : model.entrySet()) {
                    inserted = inserted.with(entry.getKey(), entry.getValue());
                }
                assertThat(table).isEqualTo(rebuilt).isEqualTo(inserted);
                assertThat(table.asMap()).isEqualTo(model);
                assertThat(table.depth()).as("the same shape as copyOf").isEqualTo(rebuilt.depth());
                assertThat(table.merkleRoot(TEXT)).isEqualTo(rebuilt.merkleRoot(TEXT)).isEqualTo(inserted.merkleRoot(TEXT));
            }
        }
        assertThat(table.size()).isZero();
        assertThat(table.merkleRoot(TEXT)).isEqualTo(SortedTable.<String, Integer>empty().merkleRoot(TEXT));
    }

    @Test
    void removingAnAbsentKeyKeepsTheTable() {
        var table = SortedTable.<String, Integer>empty().with("a", 1).with("b", 2);
        assertThat(table.without("c")).isSameAs(table);
        assertThat(SortedTable.<String, Integer>empty().without("a").size()).isZero();
        assertThat(table.without("a").without("b")).isEqualTo(SortedTable.empty());
        // a removal after the root was computed (memoised digests) still gives the right root
        table.merkleRoot(TEXT);
        assertThat(table.without("a").merkleRoot(TEXT)).isEqualTo(SortedTable.<String, Integer>empty().with("b", 2).merkleRoot(TEXT));
        assertThat(table.without("a").with("a", 1).merkleRoot(TEXT)).isEqualTo(table.merkleRoot(TEXT));
    }

    @Test
    void theRootDoesNotDependOnUpdateHistory() {
        var direct = SortedTable.<String, Integer>empty().with("a", 1).with("b", 2).with("c", 3);
        var detour = SortedTable.<String, Integer>empty().with("c", 9).with("b", 2).with("a", 0).with("c", 3).with("a", 1);
        assertThat(detour).isEqualTo(direct);
        assertThat(detour.merkleRoot(TEXT)).isEqualTo(direct.merkleRoot(TEXT));
    }

    @Test
    void writingTheSameValueKeepsTheTableAndItsRoot() {
        var table = SortedTable.copyOf(Map.of("a", 1, "b", 2, "c", 3));
        Hash root = table.merkleRoot(TEXT);
        assertThat(table.with("b", 2)).isSameAs(table);
        assertThat(table.with("b", Integer.valueOf(2)).merkleRoot(TEXT)).isEqualTo(root);
    }

    @Test
    void theRootChangesWhenAnySingleEntryChanges() {
        var model = new TreeMap<String, Integer>();
        for (int i = 0; i < 200; i++) {
            model.put("k" + i, i);
        }
        var table = SortedTable.copyOf(model);
        Hash root = table.merkleRoot(TEXT);
        var seen = new java.util.HashSet<Hash>();
        seen.add(root);
        for (String key : model.keySet()) {
            Hash changed = table.with(key, model.get(key) + 1).merkleRoot(TEXT);
            assertThat(seen.add(changed)).as("root after changing %s", key).isTrue();
        }
        assertThat(table.with("new", 0).merkleRoot(TEXT)).isNotEqualTo(root);
        assertThat(SortedTable.<String, Integer>empty().merkleRoot(TEXT)).isEqualTo(new Hash(new byte[32]));
        // The old table still has its old root: digests are memoized per node, never overwritten.
        assertThat(table.merkleRoot(TEXT)).isEqualTo(root);
    }

    @Test
    void theRootDependsOnTheEntryEncoder() {
        var table = SortedTable.copyOf(Map.of("a", 1, "b", 2));
        SortedTable.EntryEncoder<String, Integer> other = (out, k, v) -> out.text(k).i64(v);
        Hash first = table.merkleRoot(TEXT);
        assertThat(table.merkleRoot(other)).isNotEqualTo(first);
        assertThat(table.merkleRoot(TEXT)).isEqualTo(first);
    }

    @Test
    void aLargeTableBuildsAndStaysShallow() {
        var random = new Random(99);
        var table = SortedTable.<Address, Account>empty();
        var model = new TreeMap<Address, Account>();
        for (int i = 0; i < 100_000; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            var address = new Address(key);
            var account = new Account(i, 0, 0);
            table = table.with(address, account);
            model.put(address, account);
            if (i % 1000 == 0) {
                table.merkleRoot(StateCodec.ACCOUNT_ENTRY); // the incremental path, as the sequencer uses it
            }
        }
        assertThat(table.size()).isEqualTo(100_000);
        // A random treap of 100k keys is about 2.5 * ln(n) ~ 30 deep; 80 would mean it degenerated.
        assertThat(table.depth()).isLessThan(80);
        var rebuilt = SortedTable.copyOf(model);
        assertThat(rebuilt.depth()).isEqualTo(table.depth());
        assertThat(rebuilt).isEqualTo(table);
        assertThat(rebuilt.merkleRoot(StateCodec.ACCOUNT_ENTRY)).isEqualTo(table.merkleRoot(StateCodec.ACCOUNT_ENTRY));
        var first = model.firstEntry();
        assertThat(table.get(first.getKey())).contains(first.getValue());
    }

    @Test
    void stateRootsDoNotDependOnTheOrderAccountsWereCreated() {
        var random = new Random(5);
        List<Address> addresses = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            addresses.add(new Address(key));
        }
        LedgerState reference = null;
        for (int round = 0; round < 3; round++) {
            Collections.shuffle(addresses, new Random(round));
            var state = LedgerState.empty();
            for (Address address : addresses) {
                state = state.credit(address, address.publicKey()[0] & 0xff);
            }
            if (reference == null) {
                reference = state;
            }
            assertThat(state).isEqualTo(reference);
            assertThat(state.root()).isEqualTo(reference.root());
            assertThat(StateCodec.encode(state)).isEqualTo(StateCodec.encode(reference));
        }
        assertThat(StateCodec.decode(StateCodec.encode(reference)).root()).isEqualTo(reference.root());
    }
}
