package dev.gridmint.core.state;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable map in key order. Ordered iteration is what makes the state encoding, and so
 * the state root, the same on every machine. Updates copy the map, which is simple and fast
 * enough at the sizes of this slice; a persistent tree can replace the inside later without
 * changing any caller.
 */
public final class SortedTable<K extends Comparable<K>, V> {

    private final SortedMap<K, V> entries;

    private SortedTable(SortedMap<K, V> entries) {
        this.entries = entries;
    }

    public static <K extends Comparable<K>, V> SortedTable<K, V> empty() {
        return new SortedTable<K, V>(new TreeMap<K, V>());
    }

    public static <K extends Comparable<K>, V> SortedTable<K, V> copyOf(Map<K, V> entries) {
        return new SortedTable<K, V>(new TreeMap<K, V>(entries));
    }

    public Optional<V> get(K key) {
        return Optional.ofNullable(entries.get(key));
    }

    public boolean containsKey(K key) {
        return entries.containsKey(key);
    }

    public SortedTable<K, V> with(K key, V value) {
        var copy = new TreeMap<>(entries);
        copy.put(key, value);
        return new SortedTable<>(copy);
    }

    public int size() {
        return entries.size();
    }

    public Collection<V> values() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public SortedMap<K, V> asMap() {
        return Collections.unmodifiableSortedMap(entries);
    }

    public void forEach(BiConsumer<K, V> action) {
        entries.forEach(action);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SortedTable<?, ?> that && entries.equals(that.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
