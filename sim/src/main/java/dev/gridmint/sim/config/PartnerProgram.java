package dev.gridmint.sim.config;

/**
 * A partner's reward pool for stakers (L20, Aethir's partner-token pools): the partner streams
 * its own token to delegated stake, pro rata and per second, for {@code durationDays}. The
 * partner token trades on its own market at {@code tokenPriceUsd}, so stakers sell it without
 * touching the GRID pool; what it changes is their yield, and so how much GRID they lock.
 *
 * @param budgetShare the pool's USD value as a share of the stakers' capital (it scales with them)
 * @param tokenPriceUsd the partner token's price, USD (exogenous)
 * @param durationDays how long the stream runs from genesis
 */
public record PartnerProgram(double budgetShare, double tokenPriceUsd, int durationDays) {

    /** A pool worth 10% of the stakers' capital streamed over two years. */
    public static final PartnerProgram DEFAULT = new PartnerProgram(0.10, 1.0, 730);

    public PartnerProgram {
        if (!(budgetShare >= 0) || !(tokenPriceUsd > 0) || durationDays < 1) {
            throw new IllegalArgumentException("partner program out of range");
        }
    }

    /** The pool's size in partner-token micro units, for stakers holding {@code stakerCapitalUsd}. */
    public long amountMicro(double stakerCapitalUsd) {
        return Math.round(stakerCapitalUsd * budgetShare / tokenPriceUsd * 1e6);
    }
}
