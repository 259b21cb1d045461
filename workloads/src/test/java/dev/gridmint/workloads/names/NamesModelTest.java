package dev.gridmint.workloads.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.nn.Parameter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NamesModelTest {

    private static final TrainingConfig CONFIG = TrainingConfig.defaults(3).withSteps(60).withModelShape(3, 6, 24);
    private static final TrainingResult TRAINED = NamesTrainer.train(CONFIG, p -> { });

    @Test
    void roundTripsToTheSameLogitsAndBytes() {
        byte[] bytes = TRAINED.model();
        NamesModel model = NamesModel.fromBytes(bytes);

        assertThat(model.config()).isEqualTo(CONFIG);
        assertThat(model.vocabulary()).isEqualTo(NamesDataset.bundled().vocabulary());
        assertThat(model.toBytes()).isEqualTo(bytes);

        NamesModel again = NamesModel.fromBytes(model.toBytes());
        List<String> prefixes = List.of("", "a", "em", "emm", "anne-m", "zzz");
        assertThat(again.logits(prefixes).data()).containsExactly(model.logits(prefixes).data());
        for (int i = 0; i < model.network().parameters().size(); i++) {
            Parameter p = model.network().parameters().get(i);
            assertThat(again.network().parameters().get(i).value()).isEqualTo(p.value());
        }
    }

    @Test
    void headerFollowsTheDocumentedLayout() {
        ByteBuffer buf = ByteBuffer.wrap(TRAINED.model()).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[4];
        buf.get(magic);
        assertThat(new String(magic, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GMNM");
        assertThat(buf.getInt()).isEqualTo(1);
        assertThat(buf.getLong()).isEqualTo(3L);
        assertThat(buf.getInt()).isEqualTo(60);
        int v = 28;
        int params = v * 6 + 18 * 24 + 24 + 24 * v + v;
        int names = "embedding".length() + "hidden.weight".length() + "hidden.bias".length()
                + "output.weight".length() + "output.bias".length();
        int expected = 4 + 4 + 8 + 4 * 5 + 8 + 8 + 4 + 4 + 2 * v + 4 + 5 * (4 + 4 + 4) + names + 8 * params;
        assertThat(TRAINED.model()).hasSize(expected);
        assertThat(TRAINED.modelSha256()).isEqualTo(NamesModel.sha256Hex(TRAINED.model())).hasSize(64);
    }

    @Test
    void rejectsCorruptFiles() {
        byte[] bytes = TRAINED.model();
        byte[] badMagic = bytes.clone();
        badMagic[0] = 'X';
        assertThatThrownBy(() -> NamesModel.fromBytes(badMagic)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("magic");
        byte[] badVersion = bytes.clone();
        badVersion[4] = 2;
        assertThatThrownBy(() -> NamesModel.fromBytes(badVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> NamesModel.fromBytes(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> NamesModel.fromBytes(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
    }

    @Test
    void samplingIsSeededAndUsesTheVocabulary() {
        NamesModel model = NamesModel.fromBytes(TRAINED.model());
        List<String> a = model.sample(20, new SplittableRandom(1));
        List<String> b = model.sample(20, new SplittableRandom(1));
        assertThat(a).isEqualTo(b).hasSize(20)
                .allMatch(n -> n.matches("[a-z-]*") && n.length() <= NamesModel.MAX_SAMPLE_LENGTH);
        assertThat(model.sample(20, new SplittableRandom(2))).isNotEqualTo(a);
    }
}
