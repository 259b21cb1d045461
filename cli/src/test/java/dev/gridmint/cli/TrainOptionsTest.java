package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainOptionsTest {

    private static TrainOptions parse(String... flags) {
        var options = new TrainOptions();
        new CommandLine(options).parseArgs(flags);
        return options;
    }

    @Test
    void typeTrainWithDilocoIsADilocoJobWithTheFlagsAsItsArguments() {
        var job = parse("--type", "train", "--diloco", "4", "--inner-steps", "50", "--rounds", "12", "--model", "gpt",
                "--encoding", "fp32", "--seed", "7").job().orElseThrow();
        assertThat(job.workload()).isEqualTo("diloco");
        assertThat(job.args()).containsExactly("--diloco", "4", "--inner-steps", "50", "--rounds", "12", "--model", "gpt",
                "--encoding", "fp32", "--seed", "7");
        // A K-worker DiLoCo job asks a K-node gang unless --nodes says otherwise.
        assertThat(JobCommand.nodesFor(job.workload(), job.args(), null)).isEqualTo(4);
    }

    @Test
    void typeTrainWithoutDilocoIsACheckpointingTrainGptJob() {
        var job = parse("--type", "train", "--steps", "500", "--checkpoint-every", "100").job().orElseThrow();
        assertThat(job.workload()).isEqualTo("train-gpt");
        assertThat(job.args()).containsExactly("--steps", "500", "--checkpoint-every", "100");
    }

    @Test
    void noTypeMeansTheWorkloadIsNamedAndTrainingFlagsAloneAreRefused() {
        assertThat(parse().job()).isEmpty();
        assertThatThrownBy(() -> parse("--diloco", "4").job()).isInstanceOf(UserError.class).hasMessageContaining("--type train");
        assertThatThrownBy(() -> parse("--type", "serve").job()).isInstanceOf(UserError.class).hasMessageContaining("'train'");
        assertThatThrownBy(() -> parse("--type", "train", "--rounds", "3").job()).isInstanceOf(UserError.class)
                .hasMessageContaining("--diloco K");
        assertThatThrownBy(() -> parse("--type", "train", "--diloco", "2", "--steps", "3").job()).isInstanceOf(UserError.class)
                .hasMessageContaining("train-gpt");
    }
}
