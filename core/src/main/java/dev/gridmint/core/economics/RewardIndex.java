package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.ceilDiv;
import static dev.gridmint.core.economics.Arith.nonNegative;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A reward-per-share accumulator (MasterChef / Chainlink staking style): distributing a reward
 * costs O(1) however many holders there are, and each holder's due is computed lazily from the
 * index at entry. The index rounds down, so holders can never claim, together, more than was
 * put in; {@link Accrual#distributed()} tracks the most they can claim, and the rest is dust the
 * caller keeps (e.g. carries into the next reward or burns).
 */
public final class RewardIndex {

    /** Fixed-point scale of the per-share index, large enough that the dust is negligible. */
    public static final BigInteger SCALE = BigInteger.TEN.pow(18);

    /**
     * The index after an accrual, the amount now owed to holders, and the dust never claimable
     * ({@code distributed + dust == reward}).
     */
    public record Accrual(BigInteger perShare, long distributed, long dust) {
        public Accrual {
            Objects.requireNonNull(perShare, "perShare");
        }
    }

    private RewardIndex() {}

    /**
     * Adds {@code reward} across {@code totalShares}: {@code delta = floor(reward * SCALE /
     * totalShares)}, {@code perShare += delta}. With no shares nothing is distributed and all of
     * the reward is dust.
     *
     * <p>{@code distributed = ceil(delta * totalShares / SCALE)}, the credited value rounded up to
     * a whole unit. It is at most {@code reward} (since {@code delta * totalShares <= reward *
     * SCALE}) and it bounds what holders can ever claim from this accrual, even when a holder's
     * fractions from several accruals add up to a whole unit in {@link #earned}; a floor would not
     * (one holder of 3 shares, two accruals of 1: floor says 0 + 0 distributed, yet 1 is earned).
     */
    public static Accrual accrue(BigInteger perShare, long reward, long totalShares) {
        Objects.requireNonNull(perShare, "perShare");
        if (perShare.signum() < 0) {
            throw new IllegalArgumentException("perShare must be >= 0: " + perShare);
        }
        nonNegative(reward, "reward");
        nonNegative(totalShares, "totalShares");
        if (totalShares == 0) {
            return new Accrual(perShare, 0, reward);
        }
        BigInteger shares = big(totalShares);
        BigInteger delta = big(reward).multiply(SCALE).divide(shares);
        long distributed = ceilDiv(delta.multiply(shares), SCALE).longValueExact();
        return new Accrual(perShare.add(delta), distributed, reward - distributed);
    }

    /**
     * What {@code shares} earned between two index values: {@code floor(shares * (perShareNow -
     * perShareAtEntry) / SCALE)}, rounded down so claims stay within what was distributed.
     */
    public static long earned(long shares, BigInteger perShareNow, BigInteger perShareAtEntry) {
        nonNegative(shares, "shares");
        Objects.requireNonNull(perShareNow, "perShareNow");
        Objects.requireNonNull(perShareAtEntry, "perShareAtEntry");
        BigInteger growth = perShareNow.subtract(perShareAtEntry);
        if (growth.signum() < 0 || perShareAtEntry.signum() < 0) {
            throw new IllegalArgumentException("the index only grows: " + perShareAtEntry + " -> " + perShareNow);
        }
        return big(shares).multiply(growth).divide(SCALE).longValueExact();
    }
}
