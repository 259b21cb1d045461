package dev.gridmint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.api.Views.JobView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text beside the progress bar of {@code job status -f} and {@code job submit --wait}. */
class JobFollowerTest {

    private static JobView job(String workload, List<String> args) {
        return new JobView("id", "tenant", "LEASED", workload, args, 1, 600, 1, 0, 0, 0, 1, null, 0, null, null, 1, null, 1, List.of());
    }

    @Test
    void aTrainingJobShowsItsLatestValidationLoss() {
        assertThat(JobFollower.extraMessage(job("train-gpt", List.of("--steps", "60")), 40, 60, 2.25))
                .isEqualTo(" val loss 2.250");
    }

    @Test
    void aDilocoJobShowsItsRoundOfHInnerStepsAndItsLatestLoss() {
        assertThat(JobFollower.extraMessage(job("diloco", List.of("--inner-steps", "5", "--rounds", "4")), 15, 20, 2.1))
                .isEqualTo(" round 3/4, loss 2.100");
        assertThat(JobFollower.extraMessage(job("diloco", List.of()), 100, 500, 2.0)).isEqualTo(" round 2/10, loss 2.000");
    }
}
