package dev.gridmint.node.agent.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.verify.challenge.Challenge;
import dev.gridmint.verify.challenge.ChallengePolicy;
import dev.gridmint.verify.challenge.ChallengeResponse;
import dev.gridmint.verify.challenge.ChallengeVerdict;
import dev.gridmint.verify.challenge.ChallengeVerifier;
import dev.gridmint.verify.challenge.Precision;
import dev.gridmint.verify.challenge.ReplayGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The GPU path on a REAL NVIDIA GPU, with the libraries an agent would find ({@link CudaLibraries#locate()}).
 * Skipped, with the reason, wherever they do not load: so far that is every machine this code was
 * written and tested on. On a GPU machine: {@code mvn -pl verify,node -am test-compile surefire:test
 * -Dtest=RealGpuChallengeTest -Dexec.skip=true -Dsurefire.failIfNoSpecifiedTests=false}; it prints
 * the time each product took, generation and commitment included.
 */
class RealGpuChallengeTest {

    private static final int N = 4_096;
    private static final ChallengePolicy POLICY = ChallengePolicy.DEFAULT;
    private static final Keypair CHECKER = TestKeys.of("checker");
    private static final Keypair PROVIDER = TestKeys.of("provider");
    private static GpuChallengeSolver.Availability opened;

    @BeforeAll
    static void open() {
        opened = GpuChallengeSolver.open(CudaLibraries.locate(), PROVIDER, POLICY, System::nanoTime);
    }

    @AfterAll
    static void close() {
        if (opened instanceof GpuChallengeSolver.Availability.Ready ready) {
            ready.solver().close();
        }
    }

    /** The solver, or the test is skipped (in the method, so the report shows each skip and its reason). */
    private static GpuChallengeSolver solver() {
        assumeTrue(opened instanceof GpuChallengeSolver.Availability.Ready,
                () -> "SKIPPED: no GPU path on this machine: " + ((GpuChallengeSolver.Availability.Unavailable) opened).reason());
        return ((GpuChallengeSolver.Availability.Ready) opened).solver();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void aRealGpuAnswersWhatTheCheckerAcceptsAndAWrongProductFails(Precision precision) {
        GpuChallengeSolver solver = solver();
        Challenge challenge = new Challenge(CHECKER.address(), PROVIDER.address(), Hash.sha256(new byte[] {1}), 1, N, precision,
                "H100-80GB", 60_000_000_000L);
        solver.solve(challenge, false); // cuBLAS loads its kernels for this type on first use

        ChallengeResponse response = solver.solve(challenge, false);

        System.out.printf("real GPU, n = %d %s: %.1f ms, %.1f TFLOPS including generation and commitment%n", N, precision,
                response.elapsedNanos() / 1e6, challenge.flops() / response.elapsedNanos() / 1e3);
        var verifier = new ChallengeVerifier(POLICY, new ReplayGuard(16));
        assertThat(verifier.verify(challenge, response, response.elapsedNanos())).isInstanceOf(ChallengeVerdict.Passed.class);
        Challenge another = new Challenge(CHECKER.address(), PROVIDER.address(), Hash.sha256(new byte[] {2}), 2, N, precision,
                "H100-80GB", 60_000_000_000L);
        assertThat(verifier.verify(another, solver.solve(another, true), 1)).isInstanceOf(ChallengeVerdict.WrongProduct.class);
    }
}
