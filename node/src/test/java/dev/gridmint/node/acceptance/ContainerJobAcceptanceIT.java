package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridmint.core.state.JobSpec;
import dev.gridmint.node.acceptance.dsl.JobHandle;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import dev.gridmint.node.api.Views.JobView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container job through the marketplace: a real podman container of the busybox image, billed from metered usage. */
class ContainerJobAcceptanceIT {

    static final String IMAGE = System.getenv().getOrDefault("GRIDMINT_BUSYBOX_IMAGE", "localhost/gridmint/busybox:latest");

    @TempDir
    Path dir;

    @BeforeAll
    static void podmanIsHere() throws Exception {
        boolean here;
        try {
            here = new ProcessBuilder("podman", "--version").start().waitFor() == 0;
        } catch (java.io.IOException e) {
            here = false;
        }
        if (!here) {
            System.err.println("SKIPPED ContainerJobAcceptanceIT: podman is not installed (run shared/tools/setup-podman.sh)");
        }
        assumeTrue(here, "podman is not installed");
    }

    static JobSpec busybox(String command, int memoryMb) {
        return new JobSpec("container", List.of("--image", IMAGE, "--memory-mb", Integer.toString(memoryMb), "--command", command),
                1, 60, 10 * CC);
    }

    @Test
    void aContainerJobRunsIsBilledFromMeteredUsageAndSettles() throws Exception {
        try (var network = TestNetwork.start(dir)) {
            network.provider("p1").start(1 * CC);

            JobHandle job = network.tenant("alice").submits(busybox("[\"sh\",\"-c\",\"echo start; sleep 2; echo done\"]", 64));
            JobView settled = job.awaitStatus("SETTLED", Duration.ofSeconds(90));

            assertThat(settled.usageMillis()).isGreaterThanOrEqualTo(1000).isLessThanOrEqualTo(60_000);
            assertThat(settled.charged()).isPositive();
            assertThat(settled.resultHash()).isNotBlank();
        }
    }
}
