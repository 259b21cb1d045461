package dev.gridmint.node.agent.gpu;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The TEST DOUBLE of the CUDA driver and cuBLAS ({@code src/test/c/fake_cuda.c}), built with gcc into
 * target/ once per test run. It is not a GPU: its kernels are challenge.cu's functions compiled for
 * the host and run on the CPU, and its GEMM is a plain loop. Tests that need it are skipped, with the
 * reason shown, where gcc is missing; a source gcc rejects fails them.
 */
public final class FakeCudaLibrary {

    static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path SOURCE = MODULE.resolve("src/test/c/fake_cuda.c");
    private static final Path LIBRARY = MODULE.resolve("target/fake-cuda/libfakecuda.so");
    /** Null until the first test asks; then empty once built, or why gcc could not run. */
    private static Optional<String> problem;

    private FakeCudaLibrary() {}

    /** Both libraries pointing at the fake; skips the calling test where it cannot be built. */
    public static CudaLibraries libraries() {
        return CudaLibraries.both(path());
    }

    public static synchronized Path path() {
        if (problem == null) {
            problem = build();
        }
        assumeTrue(problem.isEmpty(), () -> "SKIPPED: the fake CUDA driver cannot be built here: " + problem.orElseThrow());
        return LIBRARY;
    }

    private static Optional<String> build() {
        List<String> command = List.of("gcc", "-std=c11", "-shared", "-fPIC", "-O2", "-ffp-contract=off", "-Wall", "-Wextra",
                "-Wno-unused-parameter", "-I", MODULE.resolve("src/main/cuda").toString(), "-o", LIBRARY.toString(),
                SOURCE.toString());
        try {
            Files.createDirectories(LIBRARY.getParent());
            Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (gcc.waitFor() != 0) {
                throw new IllegalStateException("gcc rejected " + SOURCE + ":\n" + output);
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("gcc is not available (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
