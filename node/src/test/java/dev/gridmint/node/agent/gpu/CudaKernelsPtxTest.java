package dev.gridmint.node.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed PTX is what build-ptx.sh makes of challenge.cu today. It needs nvcc, of the release
 * that made the committed file (another release writes other PTX from the same source); elsewhere it
 * is skipped, saying why.
 */
class CudaKernelsPtxTest {

    private static final Path SCRIPT = FakeCudaLibrary.MODULE.resolve("src/main/cuda/build-ptx.sh");

    @Test
    void theCommittedPtxIsBuiltFromTheCurrentKernels() throws IOException, InterruptedException {
        String committed = GpuChallengeSolver.ptx();
        String release = committed.lines().filter(line -> line.startsWith("// Cuda compilation tools")).findFirst().orElseThrow()
                .substring("// Cuda compilation tools, ".length());
        String nvcc = run(List.of("nvcc", "--version"));
        assumeTrue(nvcc != null, "SKIPPED: nvcc is not installed here");
        assumeTrue(nvcc.contains(release), () -> "SKIPPED: nvcc here is not the " + release + " that made the committed PTX: " + nvcc);
        Path rebuilt = FakeCudaLibrary.MODULE.resolve("target/ptx-check/challenge.ptx");

        String output = run(List.of("sh", SCRIPT.toString(), rebuilt.toString()));

        assertThat(output).as("build-ptx.sh").isNotNull();
        assertThat(Files.readString(rebuilt)).as("the committed PTX is stale: run node/src/main/cuda/build-ptx.sh").isEqualTo(committed);
    }

    /** The command's output, or null when it cannot start or fails. */
    private static String run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        }
    }
}
