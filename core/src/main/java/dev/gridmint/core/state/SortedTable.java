package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractCollection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable map in key order, stored as a persistent treap: {@link #with} copies only the
 * path from the root to the key (O(log n) expected) and shares every other node with the old
 * table. Iteration is in key order, which is what makes the state encoding the same on every
 * machine.
 *
 * <h2>Canonical shape</h2>
 * A node's priority is a pure function of its key: the first 8 bytes, read as an unsigned
 * big-endian number, of {@code SHA-256("gridmint/treap/v1" ‖ keyBytes)}, where {@code keyBytes}
 * are the raw 32 bytes of an {@link Address} or a {@link Hash}, and the UTF-8 of
 * {@code toString()} for any other key type. The tree is a binary search tree in key order and a
 * heap in priority order (higher priority nearer the root; equal priorities: the smaller key is
 * nearer the root). Exactly one tree satisfies both for a given key set, so the shape, and with it
 * the Merkle root below, depends only on the content, never on the order of insertion.
 *
 * <h2>Merkle root</h2>
 * {@link #merkleRoot} hashes the tree: the digest of an empty subtree is 32 zero bytes, and the
 * digest of a node is {@code SHA-256(0x01 ‖ digest(left) ‖ digest(right) ‖ SHA-256(0x00 ‖ entryBytes))},
 * where {@code entryBytes} is the entry's canonical encoding as the given {@link EntryEncoder} writes it.
 * Hashing the entry on its own lets a path copy keep it: an update rehashes the nodes on its path
 * but re-encodes only the entry it changed.
 * The table's root is the digest of the top node. Digests are memoized in the nodes, so after one
 * {@code with} only the O(log n) copied nodes are rehashed.
 */
public final class SortedTable<K extends Comparable<K>, V> {

    /** Writes one entry's canonical bytes: the preimage of its leaf in the Merkle root. */
    @FunctionalInterface
    public interface EntryEncoder<K, V> {
        void write(ByteWriter out, K key, V value);
    }

    private static final byte[] PRIORITY_DOMAIN = "gridmint/treap/v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY_DIGEST = new byte[Hash.LENGTH];
    private static final byte NODE_TAG = 0x01;
    private static final byte ENTRY_TAG = 0x00;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    });

    /** A scratch writer per thread for the entry bytes of {@link #digest}, which runs once per rehashed node. */
    private static final ThreadLocal<ByteWriter> ENTRY = ThreadLocal.withInitial(ByteWriter::new);

    @SuppressWarnings("rawtypes")
    private static final SortedTable EMPTY = new SortedTable<>(null, 0);

    private final Node<K, V> root;
    private final int size;

    private SortedTable(Node<K, V> root, int size) {
        this.root = root;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    public static <K extends Comparable<K>, V> SortedTable<K, V> empty() {
        return (SortedTable<K, V>) EMPTY;
    }

    /** Builds a table from any map in O(n log n) for the sort and O(n) for the tree. */
    public static <K extends Comparable<K>, V> SortedTable<K, V> copyOf(Map<K, V> entries) {
        if (entries.isEmpty()) {
            return empty();
        }
        var sorted = new TreeMap<K, V>(entries);
        int n = sorted.size();
        @SuppressWarnings("unchecked")
        K[] keys = (K[]) new Comparable[n];
        Object[] values = new Object[n];
        long[] priorities = new long[n];
        int i = 0;
        for (var entry : sorted.entrySet()) {
            keys[i] = Objects.requireNonNull(entry.getKey());
            values[i] = Objects.requireNonNull(entry.getValue(), "null values are not allowed");
            priorities[i] = priority(keys[i]);
            i++;
        }
        // The Cartesian tree of the sorted keys under the priority heap order, built with a stack.
        int[] left = new int[n];
        int[] right = new int[n];
        java.util.Arrays.fill(left, -1);
        java.util.Arrays.fill(right, -1);
        int[] stack = new int[n];
        int top = -1;
        for (int j = 0; j < n; j++) {
            int last = -1;
            while (top >= 0 && beats(priorities[j], keys[j], priorities[stack[top]], keys[stack[top]])) {
                last = stack[top--];
            }
            left[j] = last;
            if (top >= 0) {
                right[stack[top]] = j;
            }
            stack[++top] = j;
        }
        return new SortedTable<>(build(stack[0], keys, values, priorities, left, right), n);
    }

    @SuppressWarnings("unchecked")
    private static <K extends Comparable<K>, V> Node<K, V> build(int at, K[] keys, Object[] values, long[] priorities,
            int[] left, int[] right) {
        if (at < 0) {
            return null;
        }
        return new Node<>(keys[at], (V) values[at], priorities[at], build(left[at], keys, values, priorities, left, right),
                build(right[at], keys, values, priorities, left, right));
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(find(key));
    }

    public boolean containsKey(K key) {
        return find(key) != null;
    }

    private V find(K key) {
        Objects.requireNonNull(key);
        Node<K, V> node = root;
        while (node != null) {
            int cmp = key.compareTo(node.key);
            if (cmp == 0) {
                return node.value;
            }
            node = cmp < 0 ? node.left : node.right;
        }
        return null;
    }

    /** The table with {@code key} mapped to {@code value}; this table if it already is. */
    public SortedTable<K, V> with(K key, V value) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(value, "null values are not allowed");
        V current = find(key);
        if (current != null) {
            return current.equals(value) ? this : new SortedTable<>(replace(root, key, value), size);
        }
        return new SortedTable<>(insert(root, key, value, priority(key)), size + 1);
    }

    /** The table without {@code key}; this table if it has no such key. The shape stays canonical. */
    public SortedTable<K, V> without(K key) {
        Objects.requireNonNull(key);
        return find(key) == null ? this : new SortedTable<>(remove(root, key), size - 1);
    }

    private static <K extends Comparable<K>, V> Node<K, V> remove(Node<K, V> node, K key) {
        int cmp = key.compareTo(node.key);
        if (cmp == 0) {
            return merge(node.left, node.right);
        }
        return cmp < 0
                ? node.with(remove(node.left, key), node.right)
                : node.with(node.left, remove(node.right, key));
    }

    /** Joins two treaps whose keys are all ordered {@code a < b}, keeping the heap order. */
    private static <K extends Comparable<K>, V> Node<K, V> merge(Node<K, V> a, Node<K, V> b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (beats(a.priority, a.key, b.priority, b.key)) {
            return a.with(a.left, merge(a.right, b));
        }
        return b.with(merge(a, b.left), b.right);
    }

    private static <K extends Comparable<K>, V> Node<K, V> replace(Node<K, V> node, K key, V value) {
        int cmp = key.compareTo(node.key);
        if (cmp == 0) {
            return new Node<>(node.key, value, node.priority, node.left, node.right);
        }
        return cmp < 0
                ? node.with(replace(node.left, key, value), node.right)
                : node.with(node.left, replace(node.right, key, value));
    }

    private static <K extends Comparable<K>, V> Node<K, V> insert(Node<K, V> node, K key, V value, long priority) {
        if (node == null) {
            return new Node<>(key, value, priority, null, null);
        }
        if (key.compareTo(node.key) < 0) {
            Node<K, V> l = insert(node.left, key, value, priority);
            if (beats(l.priority, l.key, node.priority, node.key)) {
                return l.with(l.left, node.with(l.right, node.right));
            }
            return node.with(l, node.right);
        }
        Node<K, V> r = insert(node.right, key, value, priority);
        if (beats(r.priority, r.key, node.priority, node.key)) {
            return r.with(node.with(node.left, r.left), r.right);
        }
        return node.with(node.left, r);
    }

    /** Whether a node with (p1, k1) sits above one with (p2, k2): the heap order of the treap. */
    private static <K extends Comparable<K>> boolean beats(long p1, K k1, long p2, K k2) {
        int cmp = Long.compareUnsigned(p1, p2);
        return cmp > 0 || (cmp == 0 && k1.compareTo(k2) < 0);
    }

    static long priority(Object key) {
        byte[] keyBytes = switch (key) {
            case Address address -> address.publicKey();
            case Hash hash -> hash.bytes();
            default -> key.toString().getBytes(StandardCharsets.UTF_8);
        };
        MessageDigest digest = SHA256.get();
        digest.update(PRIORITY_DOMAIN);
        byte[] out = digest.digest(keyBytes);
        long p = 0;
        for (int i = 0; i < 8; i++) {
            p = (p << 8) | (out[i] & 0xff);
        }
        return p;
    }

    public int size() {
        return size;
    }

    /** The values in key order, as an unmodifiable view. */
    public Collection<V> values() {
        return Collections.unmodifiableCollection(new AbstractCollection<V>() {
            @Override
            public Iterator<V> iterator() {
                var nodes = new InOrder<>(root);
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return nodes.hasNext();
                    }

                    @Override
                    public V next() {
                        return nodes.next().value;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        });
    }

    /** An unmodifiable sorted copy of the table: O(n), for tests and tools, not the hot path. */
    public SortedMap<K, V> asMap() {
        var map = new TreeMap<K, V>();
        forEach(map::put);
        return Collections.unmodifiableSortedMap(map);
    }

    /** Visits the entries in key order. */
    public void forEach(BiConsumer<K, V> action) {
        var nodes = new InOrder<>(root);
        while (nodes.hasNext()) {
            Node<K, V> node = nodes.next();
            action.accept(node.key, node.value);
        }
    }

    /** The Merkle root of the table under {@code encoder}, as defined in the class comment. */
    public Hash merkleRoot(EntryEncoder<K, V> encoder) {
        return new Hash(digest(root, Objects.requireNonNull(encoder)));
    }

    private static <K extends Comparable<K>, V> byte[] digest(Node<K, V> node, EntryEncoder<K, V> encoder) {
        if (node == null) {
            return EMPTY_DIGEST;
        }
        Digest memo = node.digest;
        if (memo != null && memo.encoder == encoder) {
            return memo.bytes;
        }
        byte[] left = digest(node.left, encoder);
        byte[] right = digest(node.right, encoder);
        byte[] entry = entryDigest(node, encoder);
        MessageDigest sha = SHA256.get();
        sha.update(NODE_TAG);
        sha.update(left);
        sha.update(right);
        sha.update(entry);
        byte[] bytes = sha.digest();
        node.digest = new Digest(encoder, bytes);
        return bytes;
    }

    /**
     * {@code SHA-256(0x00 ‖ entryBytes)}, memoized in the node and carried over when an update
     * copies the node with the same entry, so a new root re-encodes only the entries that changed.
     */
    private static <K extends Comparable<K>, V> byte[] entryDigest(Node<K, V> node, EntryEncoder<K, V> encoder) {
        Digest memo = node.entryDigest;
        if (memo != null && memo.encoder == encoder) {
            return memo.bytes;
        }
        // The children are hashed before this is called, so the scratch writer is free here.
        ByteWriter entry = ENTRY.get().reset();
        encoder.write(entry, node.key, node.value);
        MessageDigest sha = SHA256.get();
        sha.update(ENTRY_TAG);
        entry.updateDigest(sha);
        byte[] bytes = sha.digest();
        node.entryDigest = new Digest(encoder, bytes);
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof SortedTable<?, ?> that) || size != that.size) {
            return false;
        }
        var mine = new InOrder<>(root);
        var theirs = new InOrder<>(that.root);
        while (mine.hasNext()) {
            Node<?, ?> a = mine.next();
            Node<?, ?> b = theirs.next();
            if (a != b && !(a.key.equals(b.key) && a.value.equals(b.value))) {
                return false;
            }
        }
        return true;
    }

    /** The same as {@link Map#hashCode()} of the entries. */
    @Override
    public int hashCode() {
        int[] hash = {0};
        forEach((k, v) -> hash[0] += k.hashCode() ^ v.hashCode());
        return hash[0];
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>(Math.min(size, 64));
        forEach((k, v) -> parts.add(k + "=" + v));
        return "{" + String.join(", ", parts) + "}";
    }

    /** Depth of the tree, for tests of balance. */
    int depth() {
        return depth(root);
    }

    private static int depth(Node<?, ?> node) {
        return node == null ? 0 : 1 + Math.max(depth(node.left), depth(node.right));
    }

    private static final class Node<K, V> {
        final K key;
        final V value;
        final long priority;
        final Node<K, V> left;
        final Node<K, V> right;
        /** Memoized subtree digest; racy but safe: a Digest is immutable and recomputing is idempotent. */
        Digest digest;
        /** Memoized digest of this node's entry alone, shared by copies that keep the entry. */
        Digest entryDigest;

        Node(K key, V value, long priority, Node<K, V> left, Node<K, V> right) {
            this.key = key;
            this.value = value;
            this.priority = priority;
            this.left = left;
            this.right = right;
        }

        /** This entry with other children: a path copy, which keeps the entry's memoized digest. */
        Node<K, V> with(Node<K, V> newLeft, Node<K, V> newRight) {
            var copy = new Node<>(key, value, priority, newLeft, newRight);
            copy.entryDigest = entryDigest;
            return copy;
        }
    }

    private record Digest(EntryEncoder<?, ?> encoder, byte[] bytes) {}

    private static final class InOrder<K, V> {
        private final ArrayDeque<Node<K, V>> stack = new ArrayDeque<>();

        InOrder(Node<K, V> root) {
            pushLeft(root);
        }

        private void pushLeft(Node<K, V> node) {
            for (Node<K, V> n = node; n != null; n = n.left) {
                stack.push(n);
            }
        }

        boolean hasNext() {
            return !stack.isEmpty();
        }

        Node<K, V> next() {
            if (stack.isEmpty()) {
                throw new NoSuchElementException();
            }
            Node<K, V> node = stack.pop();
            pushLeft(node.right);
            return node;
        }
    }
}
