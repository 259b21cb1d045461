package dev.gridmint.verify.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The default sizing against every device in the table, as arithmetic on the deadline. */
class ChallengePolicyTest {

    private static final ChallengePolicy POLICY = ChallengePolicy.DEFAULT;

    private static double computeNanos(int n, double flopsPerSecond) {
        return 2.0 * n * n * (double) n / flopsPerSecond * 1e9;
    }

    @Test
    void anHonestDeviceAtTwiceItsFloorMakesItWithAFullNetworkAllowance() {
        for (DeviceProfile profile : DeviceTable.PROFILES) {
            Precision precision = profile.challengePrecision();
            int n = POLICY.size(profile, precision);
            double honest = computeNanos(n, 2 * profile.floorTflops(precision) * 1e12) + POLICY.allowanceNanos();
            assertThat(honest).as(profile.model()).isLessThan(POLICY.deadlineNanos(profile, precision, n));
        }
    }

    @Test
    void aDeviceAtHalfTheFloorOrTenTimesBelowAGpusPeakMisses() {
        for (DeviceProfile profile : DeviceTable.PROFILES) {
            Precision precision = profile.challengePrecision();
            int n = POLICY.size(profile, precision);
            long deadline = POLICY.deadlineNanos(profile, precision, n);
            assertThat(computeNanos(n, profile.floorTflops(precision) * 1e12 / 2)).as(profile.model()).isGreaterThan(deadline);
            if (!profile.model().equals("CPU")) {
                assertThat(computeNanos(n, profile.peakTflops(precision) * 1e12 / 10)).as(profile.model()).isGreaterThan(deadline);
            }
        }
    }

    @Test
    void gpusAreChallengedOnTheirTensorCoresAndTheSizeFitsTheirMemory() {
        for (DeviceProfile profile : DeviceTable.PROFILES) {
            Precision precision = profile.challengePrecision();
            int n = POLICY.size(profile, precision);
            double bytes = 3.0 * n * n * (precision == Precision.FP32 ? 4 : 2);
            if (!profile.model().equals("CPU")) {
                assertThat(precision).isEqualTo(Precision.FP16);
                int memoryGb = Integer.parseInt(profile.model().replaceAll(".*-(\\d+)GB", "$1"));
                assertThat(bytes).as(profile.model()).isLessThan(memoryGb * 1e9);
            }
        }
    }

    @Test
    void anUnknownModelGetsNoChallenge() {
        var key = dev.gridmint.core.crypto.Keypair.generate(new java.util.SplittableRandom(1)).address();
        assertThat(POLICY.issue(key, key, dev.gridmint.verify.Seeds.derive("x"), 0, "GTX-9999")).isEmpty();
    }
}
