package dev.gridmint.node.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeSolver;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.Precision;
import dev.gridmint.verify.challenge.ReplayGuard;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole challenges through the GPU solver's real FFM binding, against the TEST DOUBLE of the CUDA
 * driver and cuBLAS ({@link FakeCudaLibrary}; not a GPU: its kernels and GEMM run on this CPU). The
 * real {@link ChallengeVerifier} judges the responses.
 */
class GpuChallengeSolverTest {

    private static final ChallengePolicy POLICY = ChallengePolicy.DEFAULT;
    private static final Keypair CHECKER = TestKeys.of("checker");
    private static final Keypair PROVIDER = TestKeys.of("provider");
    private static GpuChallengeSolver solver;

    @BeforeAll
    static void open() {
        var opened = GpuChallengeSolver.open(FakeCudaLibrary.libraries(), PROVIDER, POLICY, System::nanoTime);
        solver = ((GpuChallengeSolver.Availability.Ready) opened).solver();
    }

    @AfterAll
    static void close() {
        if (solver != null) {
            solver.close();
        }
    }

    private static Challenge challenge(int n, Precision precision, long round) {
        return new Challenge(CHECKER.address(), PROVIDER.address(), Hash.sha256(new byte[] {(byte) round}), round, n, precision, "H100-80GB",
                60_000_000_000L);
    }

    private static ChallengeVerdict verify(Challenge challenge, ChallengeResponse response) {
        return new ChallengeVerifier(POLICY, new ReplayGuard(16)).verify(challenge, response, 1_000_000);
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theCheckerAcceptsTheGpuPathsAnswer(Precision precision) {
        Challenge challenge = challenge(150, precision, precision.ordinal());

        ChallengeResponse response = solver.solve(challenge, false);

        assertThat(verify(challenge, response)).isInstanceOf(ChallengeVerdict.Passed.class);
        assertThat(response.elapsedNanos()).isPositive();
    }

    /**
     * The fake's GEMM sums in the same order as the CPU path's MatMul, so here even the product, and
     * so the root, is the CPU's bit for bit: generation and commitment match exactly. (A real GPU
     * sums in its own order and lands within the tolerance instead.)
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void withTheCpusSummationOrderTheRootIsTheCpusRoot(Precision precision) {
        Challenge challenge = challenge(97, precision, 10 + precision.ordinal());

        Hash gpu = solver.solve(challenge, false).root();

        assertThat(gpu).isEqualTo(new ChallengeSolver(PROVIDER, System::nanoTime, POLICY).solve(challenge).root());
    }

    @Test
    void aWrongProductIsCaught() {
        Challenge challenge = challenge(128, Precision.FP16, 20);

        ChallengeResponse response = solver.solve(challenge, true);

        assertThat(verify(challenge, response)).isInstanceOf(ChallengeVerdict.WrongProduct.class);
    }

    @Test
    void aChallengeLargerThanTheDevicesMemoryIsRefusedBeforeAnythingIsAllocated() {
        assertThat(solver.tooLarge(challenge(128, Precision.FP32, 30))).isEmpty();
        // The fake has 1 GiB; n = 20,000 in fp16 needs 3.2 GB for A, B and C.
        assertThat(solver.tooLarge(challenge(20_000, Precision.FP16, 31))).hasValueSatisfying(reason ->
                assertThat(reason).startsWith("a 20000x20000 FP16 product needs 3.7 GB of GPU memory with headroom; 1.1 GB is free"));
    }

    @Test
    void missingLibrariesMakeTheGpuPathUnavailableWithTheReason() {
        var noDriver = GpuChallengeSolver.open(new CudaLibraries("/nonexistent/libcuda.so.1", List.of("libcublas.so.13")), PROVIDER, POLICY,
                System::nanoTime);
        assertThat(noDriver).isInstanceOfSatisfying(GpuChallengeSolver.Availability.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).startsWith("/nonexistent/libcuda.so.1 could not be loaded"));

        var noCublas = GpuChallengeSolver.open(new CudaLibraries(FakeCudaLibrary.path().toString(),
                List.of("/nonexistent/libcublas.so.13", "/nonexistent/libcublas.so.12")), PROVIDER, POLICY, System::nanoTime);
        assertThat(noCublas).isInstanceOfSatisfying(GpuChallengeSolver.Availability.Unavailable.class, unavailable ->
                assertThat(unavailable.reason()).startsWith("no cuBLAS could be loaded: /nonexistent/libcublas.so.13 could not be loaded")
                        .contains("; /nonexistent/libcublas.so.12 could not be loaded"));
    }
}
