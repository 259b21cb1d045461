package dev.gridmint.core.params;

import java.math.BigInteger;

/**
 * The GRID token's supply rules.
 *
 * @param maxSupply micro-GRID that may ever be outstanding ({@code minted − burned})
 * @param providerRewardBps share of the max supply reserved for provider emissions (L8: 35%)
 * @param checkerRewardBps share reserved for checker emissions (L8: 15%)
 */
public record TokenParams(long maxSupply, int providerRewardBps, int checkerRewardBps) {

    /** One billion GRID. */
    public static final TokenParams DEFAULTS = new TokenParams(1_000_000_000L * 1_000_000L, 3_500, 1_500);

    public TokenParams {
        Bounds.range(maxSupply, 1, Long.MAX_VALUE / 4, "max supply");
        Bounds.bps(providerRewardBps, "provider reward share");
        Bounds.bps(checkerRewardBps, "checker reward share");
        Bounds.bps(providerRewardBps + checkerRewardBps, "node reward share");
    }

    public long providerPool() {
        return share(providerRewardBps);
    }

    public long checkerPool() {
        return share(checkerRewardBps);
    }

    /** What genesis may allocate: everything not reserved for node rewards. */
    public long genesisAllowance() {
        return maxSupply - providerPool() - checkerPool();
    }

    private long share(int bps) {
        return BigInteger.valueOf(maxSupply).multiply(BigInteger.valueOf(bps)).divide(BigInteger.valueOf(Bounds.BPS)).longValueExact();
    }
}
