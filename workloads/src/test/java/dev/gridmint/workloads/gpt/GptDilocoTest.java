package dev.gridmint.workloads.gpt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.Diloco;
import dev.gridmint.workloads.diloco.DilocoConfig;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.diloco.TrainingRun;
import dev.gridmint.workloads.names.NamesDataset;
import dev.gridmint.workloads.optim.AdamW;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transformer's replicas driven by the DiLoCo trainer, through the shared Replica contract only. */
class GptDilocoTest {

    private static final GptReplicaFactory TINY = new GptReplicaFactory(
            new GptConfig(NamesDataset.bundled().vocabulary().size(), 8, 16, 1, 2), 4);

    private static TrainingRun diloco(int threads) {
        DilocoConfig config = new DilocoConfig(3, 2, 2, 3, Encoding.INT8, AdamW.Settings.of(0.01, 0.01), 2,
                new DeltaCheck(1_000.0, 4.0, 1_000_000), List.of(), threads);
        return Diloco.train(TINY, config).run();
    }

    @Test
    void dilocoRunsOnTheTransformerAndIsDeterministicWhateverTheThreadCount() {
        TrainingRun one = diloco(1);
        TrainingRun two = diloco(2);
        assertThat(two).isEqualTo(one);
        assertThat(one.curve()).isNotEmpty();
        assertThat(one.finalValidationLoss()).isFinite().isLessThan(Math.log(TINY.model().vocabularySize()));
    }
}
