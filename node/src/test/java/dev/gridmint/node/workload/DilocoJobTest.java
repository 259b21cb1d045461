package dev.gridmint.node.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.diloco.Encoding;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A diloco job's arguments: their defaults, and the refusal at submission of anything else. */
class DilocoJobTest {

    @Test
    void argumentsDescribeTheRunAndDefaultsFillTheRest() {
        assertThat(DilocoJob.parse(List.of())).isEqualTo(new DilocoJob(1, 50, 10, "names-mlp", 0, Encoding.INT8, 1, 300));
        assertThat(DilocoJob.parse(List.of("--diloco", "4", "--inner-steps", "20", "--rounds", "6", "--model", "gpt",
                "--seed", "9", "--encoding", "fp32", "--round-seconds", "30")))
                .isEqualTo(new DilocoJob(4, 20, 6, "gpt", 9, Encoding.FP32, 2, 30));
        assertThat(WorkloadCatalog.problem("diloco", List.of("--diloco", "2", "--quorum", "2"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--diloco 0", "--diloco 65", "--inner-steps 0", "--rounds 10001", "--model names",
            "--encoding int4", "--quorum 2", "--round-seconds 0", "--seed -1", "--seed 1e3", "--steps 5",
            "--diloco 1 --diloco 2", "--diloco"})
    void badArgumentsAreRefusedAtSubmission(String line) {
        assertThat(WorkloadCatalog.problem("diloco", List.of(line.split(" ")))).isPresent();
    }
}
