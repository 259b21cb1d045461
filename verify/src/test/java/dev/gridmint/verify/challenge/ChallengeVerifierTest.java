package dev.gridmint.verify.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.verify.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * Verdicts on real products, commitments and signatures. Device time is modelled (the product's
 * flops over the device's throughput) and fed to the solver as its clock: no wall time is measured.
 * The policy scales every device's throughput by 10⁻⁶ so that an H100 challenge is n = 100.
 */
class ChallengeVerifierTest {

    private static final double SCALE = 1e-6;
    private static final ChallengePolicy POLICY = new ChallengePolicy(2_000_000L, 4, 16, 4_096, 16, SCALE);

    /** A CPU at 0.1 TFLOPS on a CPU challenge (n = 16), and the checker's view of it with a millisecond of network. */
    private static final long CPU_NANOS = 81_920_000;
    private static final long CPU_OBSERVED = CPU_NANOS + 1_000_000;

    private final SplittableRandom random = new SplittableRandom(42);
    private final Keypair checker = Keypair.generate(random);
    private final Keypair provider = Keypair.generate(random);
    private final ChallengeVerifier verifier = new ChallengeVerifier(POLICY, new ReplayGuard(64));

    private Challenge challenge(String model, long round) {
        return POLICY.issue(checker.address(), provider.address(), Seeds.derive("test", Seeds.longBytes(round)), round, model).orElseThrow();
    }

    /** The elapsed time of a device doing {@code tflops} on the challenge, in the policy's scaled time. */
    private static long deviceNanos(Challenge challenge, double tflops) {
        return (long) (challenge.flops() / (tflops * 1e12 * SCALE) * 1e9);
    }

    private static LongSupplier clockTaking(long nanos) {
        long[] ticks = {1_000, 1_000 + nanos};
        int[] next = {0};
        return () -> ticks[next[0]++];
    }

    private ChallengeResponse solve(Challenge challenge, long nanos) {
        return new ChallengeSolver(provider, clockTaking(nanos), POLICY).solve(challenge);
    }

    @Test
    void aCpuClaimingAnH100FailsItsFirstChallenge() {
        Challenge challenge = challenge("H100-80GB", 0);
        long cpuNanos = deviceNanos(challenge, 0.3);
        ChallengeResponse response = solve(challenge, cpuNanos);
        assertThat(verifier.verify(challenge, response, cpuNanos + 100_000))
                .isInstanceOfSatisfying(ChallengeVerdict.MissedDeadline.class, missed ->
                        assertThat(missed.elapsedNanos()).isGreaterThan(10 * missed.deadlineNanos()));
    }

    @Test
    void anHonestCpuClaimPassesWithItsThroughput() {
        Challenge challenge = challenge("CPU", 0);
        long nanos = deviceNanos(challenge, 0.1);
        ChallengeVerdict verdict = verifier.verify(challenge, solve(challenge, nanos), nanos + 500_000);
        assertThat(verdict).isInstanceOfSatisfying(ChallengeVerdict.Passed.class, passed ->
                assertThat(passed.achievedTflops()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.001)));
    }

    @Test
    void anHonestH100Passes() {
        Challenge challenge = challenge("H100-80GB", 1);
        assertThat(challenge.n()).isEqualTo(100);
        long nanos = deviceNanos(challenge, 989 * 0.6);
        assertThat(verifier.verify(challenge, solve(challenge, nanos), nanos + 1_500_000).passed()).isTrue();
    }

    @Test
    void aWrongProductIsCaughtInItsSampledRows() {
        Challenge challenge = challenge("CPU", 2);
        ChallengeMatrices matrices = ChallengeMatrices.of(challenge);
        float[] product = MatMul.multiply(matrices.a(), matrices.b(), challenge.n());
        for (int row = 0; row < challenge.n(); row++) {
            product[row * challenge.n() + 3] += 0.25f;
        }
        ChallengeResponse response = new ChallengeSolver(provider, clockTaking(0), POLICY).respond(challenge, product, 1_000_000);
        assertThat(verifier.verify(challenge, response, 2_000_000)).isInstanceOfSatisfying(ChallengeVerdict.WrongProduct.class,
                wrong -> assertThat(wrong.evidence().column()).isEqualTo(3));
    }

    @Test
    void aForgedSignatureIsRejected() {
        Challenge challenge = challenge("CPU", 3);
        ChallengeResponse honest = solve(challenge, CPU_NANOS);
        Keypair forger = Keypair.generate(random);
        byte[] forged = forger.sign(honest.signingMessage());
        var response = new ChallengeResponse(honest.challengeId(), honest.provider(), honest.root(), honest.elapsedNanos(), honest.openings(),
                forged);
        assertThat(verifier.verify(challenge, response, CPU_OBSERVED)).isInstanceOf(ChallengeVerdict.BadSignature.class);
        var retimed = new ChallengeResponse(honest.challengeId(), honest.provider(), honest.root(), honest.elapsedNanos() / 2,
                honest.openings(), honest.signature());
        assertThat(verifier.verify(challenge, retimed, CPU_OBSERVED)).isInstanceOf(ChallengeVerdict.BadSignature.class);
        assertThat(verifier.verify(challenge, honest, CPU_OBSERVED).passed()).as("the forgeries did not burn the challenge").isTrue();
    }

    @Test
    void aReplayedResponseIsRejected() {
        Challenge challenge = challenge("CPU", 4);
        ChallengeResponse response = solve(challenge, CPU_NANOS);
        assertThat(verifier.verify(challenge, response, CPU_OBSERVED).passed()).isTrue();
        assertThat(verifier.verify(challenge, response, CPU_OBSERVED)).isInstanceOf(ChallengeVerdict.Replayed.class);
    }

    @Test
    void aResponseToAnotherChallengeOrFromAnotherProviderIsForeign() {
        Challenge mine = challenge("CPU", 5);
        Challenge other = challenge("CPU", 6);
        assertThat(verifier.verify(mine, solve(other, CPU_NANOS), CPU_OBSERVED)).isInstanceOf(ChallengeVerdict.ForeignChallenge.class);
        Keypair someoneElse = Keypair.generate(random);
        ChallengeResponse theirs = new ChallengeSolver(someoneElse, clockTaking(CPU_NANOS), POLICY).solve(mine);
        assertThat(verifier.verify(mine, theirs, CPU_OBSERVED)).isInstanceOf(ChallengeVerdict.ForeignChallenge.class);
    }

    @Test
    void openingRowsTheRootDidNotSelectIsABadOpening() {
        Challenge challenge = challenge("CPU", 7);
        ChallengeResponse honest = solve(challenge, CPU_NANOS);
        List<Opening> openings = new ArrayList<>(honest.openings());
        openings.removeLast();
        byte[] signature = provider.sign(ChallengeResponse.signingMessage(honest.challengeId(), provider.address(), honest.root(),
                honest.elapsedNanos(), openings));
        var response = new ChallengeResponse(honest.challengeId(), provider.address(), honest.root(), honest.elapsedNanos(), openings, signature);
        assertThat(verifier.verify(challenge, response, CPU_OBSERVED)).isInstanceOf(ChallengeVerdict.BadOpening.class);
    }

    @Test
    void aTimeFasterThanTheModelsPeakIsImplausible() {
        Challenge challenge = challenge("RTX4090-24GB", 8);
        ChallengeResponse response = solve(challenge, deviceNanos(challenge, 165 * 3));
        assertThat(verifier.verify(challenge, response, 2_000_000)).isInstanceOfSatisfying(ChallengeVerdict.Implausible.class,
                implausible -> assertThat(implausible.achievedTflops()).isGreaterThan(implausible.peakTflops()));
    }

    @Test
    void theIdBindsEveryField() {
        Challenge challenge = challenge("CPU", 9);
        Hash id = challenge.id();
        assertThat(new Challenge(challenge.checker(), challenge.provider(), challenge.seed(), 10, challenge.n(), challenge.precision(),
                challenge.claimedModel(), challenge.deadlineNanos()).id()).isNotEqualTo(id);
        assertThat(new Challenge(challenge.checker(), challenge.provider(), challenge.seed(), 9, challenge.n(), challenge.precision(),
                challenge.claimedModel(), challenge.deadlineNanos() + 1).id()).isNotEqualTo(id);
        assertThat(new Challenge(challenge.provider(), challenge.checker(), challenge.seed(), 9, challenge.n(), challenge.precision(),
                challenge.claimedModel(), challenge.deadlineNanos()).id()).isNotEqualTo(id);
    }
}
