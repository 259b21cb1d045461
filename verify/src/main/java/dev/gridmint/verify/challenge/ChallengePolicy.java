package dev.gridmint.verify.challenge;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.Optional;

/**
 * How challenges are sized and timed. The deadline for a claim is the network allowance plus the
 * product's flops at the claimed model's floor throughput (peak × minimum efficiency). The size n
 * makes that compute time {@code sizingFactor} times the allowance, so the network cannot hide a
 * slow device: with the default factor 4 the deadline is at most 1.25× the floor time, and a device
 * 10× below peak (2.5× below a GPU's floor) needs 2.5× the floor time and misses. An honest device
 * at half its peak needs half the floor time.
 *
 * @param throughputScale multiplies every device's throughput; 1 in production. The adversarial
 *     simulation scales all devices down by the same factor so its matrices stay small; every
 *     ratio, and so every verdict, is unchanged.
 */
public record ChallengePolicy(long allowanceNanos, double sizingFactor, int minN, int maxN, int sampledRows, double throughputScale) {

    /** 0.5 s for the network; n ≈ 62,700 for an H100 (31 GB: A and B in fp16, C in fp32), ≈ 2,150 for a CPU. */
    public static final ChallengePolicy DEFAULT = new ChallengePolicy(500_000_000L, 4, 64, 131_072, 16, 1);

    public ChallengePolicy {
        if (allowanceNanos < 0 || sizingFactor <= 0 || minN < 1 || maxN < minN || sampledRows < 1 || throughputScale <= 0) {
            throw new IllegalArgumentException("invalid challenge policy");
        }
    }

    /** A challenge for the claimed model, or empty if the model is unknown (the claim is then refused as is). */
    public Optional<Challenge> issue(Address checker, Address provider, Hash seed, long round, String claimedModel) {
        return DeviceTable.byModel(claimedModel).map(profile -> {
            Precision precision = profile.challengePrecision();
            int n = size(profile, precision);
            return new Challenge(checker, provider, seed, round, n, precision, profile.model(), deadlineNanos(profile, precision, n));
        });
    }

    /** n so that the product takes {@code sizingFactor × allowance} at the floor throughput. */
    public int size(DeviceProfile profile, Precision precision) {
        double flops = sizingFactor * allowanceNanos / 1e9 * floorFlopsPerSecond(profile, precision);
        long n = Math.round(Math.cbrt(flops / 2));
        return (int) Math.clamp(n, minN, maxN);
    }

    public long deadlineNanos(DeviceProfile profile, Precision precision, int n) {
        double computeSeconds = 2.0 * n * n * (double) n / floorFlopsPerSecond(profile, precision);
        return Math.addExact(allowanceNanos, (long) Math.ceil(computeSeconds * 1e9));
    }

    public double peakFlopsPerSecond(DeviceProfile profile, Precision precision) {
        return profile.peakTflops(precision) * 1e12 * throughputScale;
    }

    private double floorFlopsPerSecond(DeviceProfile profile, Precision precision) {
        return profile.floorTflops(precision) * 1e12 * throughputScale;
    }
}
