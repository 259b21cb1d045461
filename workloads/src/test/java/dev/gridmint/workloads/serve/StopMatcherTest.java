package dev.gridmint.workloads.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopMatcherTest {

    @Test
    void textThatMightStartAStopIsHeldBackUntilItCannot() {
        List<String> out = new ArrayList<>();
        var matcher = new StopMatcher(List.of("abc"), out::add);
        assertThat(matcher.accept("xa")).isFalse();
        assertThat(out).containsExactly("x");
        assertThat(matcher.accept("b")).isFalse();
        assertThat(matcher.accept("d")).isFalse();
        assertThat(out).containsExactly("x", "abd");
        assertThat(matcher.accept("ab")).isFalse();
        assertThat(matcher.accept("c")).isTrue();
        assertThat(matcher.finish()).isEqualTo("xabd");
    }

    @Test
    void withoutStopsEverythingPassesAtOnce() {
        List<String> out = new ArrayList<>();
        var matcher = new StopMatcher(List.of(""), out::add);
        matcher.accept("a");
        matcher.accept("b");
        assertThat(out).containsExactly("a", "b");
        assertThat(matcher.finish()).isEqualTo("ab");
    }
}
