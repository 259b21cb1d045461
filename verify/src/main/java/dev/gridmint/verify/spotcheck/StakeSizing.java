package dev.gridmint.verify.spotcheck;

/**
 * The stake that makes cheating a loss. A provider caught with probability p per faked job, and
 * slashed its stake S when caught, expects (1 − p)/p faked jobs to go through before the first
 * catch, each saving it g; cheating pays only if (1/p − 1)·g > S. So the break-even stake is
 * ⌈(1/p − 1)·g⌉, 49·g at the default 2% floor, and the default requirement adds half again
 * ({@link #MARGIN_BPS}): 73.5·g, so a cheater trusted down to the floor loses about half a job's
 * cost per faked job in expectation.
 */
public final class StakeSizing {

    public static final int MARGIN_BPS = 15_000;

    private StakeSizing() {}

    /** ⌈(1/p − 1)·g⌉ for a check rate p in bps and a saving g per faked job (base units). */
    public static long minimumStake(int rateBps, long gainPerJob) {
        if (rateBps < 1 || rateBps > 10_000 || gainPerJob < 0) {
            throw new IllegalArgumentException("the rate must be 1..10000 bps and the gain non-negative");
        }
        return Math.ceilDiv(Math.multiplyExact(10_000L - rateBps, gainPerJob), rateBps);
    }

    /** The default requirement: the break-even stake at the floor rate, with the margin. */
    public static long defaultStake(AdaptiveReplication.Params params, long gainPerJob) {
        return Math.ceilDiv(Math.multiplyExact(minimumStake(params.floorBps(), gainPerJob), MARGIN_BPS), 10_000L);
    }

    /**
     * A cheater's expected value per faked job when caught with probability p and slashed S:
     * the saving if the fake goes through, less the slash if not.
     */
    public static double cheatExpectedValue(double catchProbability, long gainPerJob, long slash) {
        return (1 - catchProbability) * gainPerJob - catchProbability * slash;
    }
}
