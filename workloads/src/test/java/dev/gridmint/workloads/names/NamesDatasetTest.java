package dev.gridmint.workloads.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamesDatasetTest {

    private static final NamesDataset BUNDLED = NamesDataset.bundled();

    @Test
    void loadsAllBundledNamesLowercased() {
        assertThat(BUNDLED.size()).isEqualTo(4951).isEqualTo(NamesDataset.BUNDLED_SIZE);
        assertThat(BUNDLED.names().getFirst()).isEqualTo("aaren");
        assertThat(BUNDLED.names().getLast()).isEqualTo("zuzana");
        assertThat(BUNDLED.names()).contains("anne-marie", "emma").allMatch(n -> n.matches("[a-z-]+"));
    }

    @Test
    void vocabularyIsBoundaryHyphenAndTheAlphabet() {
        Vocabulary v = BUNDLED.vocabulary();
        assertThat(new String(v.tokens())).isEqualTo(".-abcdefghijklmnopqrstuvwxyz");
        assertThat(v.size()).isEqualTo(28);
        assertThat(v.encode('.')).isZero();
        assertThat(v.encode('-')).isEqualTo(1);
        assertThat(v.encode('a')).isEqualTo(2);
        assertThat(v.decode(27)).isEqualTo('z');
        assertThatThrownBy(() -> v.encode('A')).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitIsNinetyTenDeterministicAndSeedDependent() {
        NamesDataset.Split a = BUNDLED.split(7);
        NamesDataset.Split b = BUNDLED.split(7);
        NamesDataset.Split c = BUNDLED.split(8);

        assertThat(a.train()).hasSize(4455);
        assertThat(a.validation()).hasSize(496);
        assertThat(a).isEqualTo(b);
        assertThat(c.train()).isNotEqualTo(a.train());

        List<String> union = new ArrayList<>(a.train());
        union.addAll(a.validation());
        assertThat(union).containsExactlyInAnyOrderElementsOf(BUNDLED.names());
    }

    @Test
    void examplesPadWithBoundaryAndEndWithIt() {
        Vocabulary v = Vocabulary.fromNames(List.of("emma"));
        Examples ex = Examples.of(List.of("emma"), v, 3);
        int e = v.encode('e');
        int m = v.encode('m');
        int a = v.encode('a');
        assertThat(ex.size()).isEqualTo(5);
        assertThat(ex.contexts()).isDeepEqualTo(new int[][] {
            {0, 0, 0}, {0, 0, e}, {0, e, m}, {e, m, m}, {m, m, a}});
        assertThat(ex.targets()).containsExactly(e, m, m, a, 0);
    }

    @Test
    void rejectsCharactersOutsideTheAllowedSet() {
        assertThatThrownBy(() -> NamesDataset.fromLines(List.of("ann", "mr.x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'.'");
        assertThatThrownBy(() -> NamesDataset.fromLines(List.of("zoë")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+00EB");
        assertThatThrownBy(() -> NamesDataset.fromLines(List.of("mary ann")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0020");
        assertThatThrownBy(() -> NamesDataset.fromLines(List.of("ann", "", "bea")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
        assertThat(NamesDataset.fromLines(List.of(" Ann ", "BEA")).names()).containsExactly("ann", "bea");
    }
}
