package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SortedTableTest {

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
