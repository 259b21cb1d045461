package dev.gridmint.core.economics;

import static dev.gridmint.core.economics.Arith.BPS;
import static dev.gridmint.core.economics.Arith.BPS_BIG;
import static dev.gridmint.core.economics.Arith.MICRO_BIG;
import static dev.gridmint.core.economics.Arith.big;
import static dev.gridmint.core.economics.Arith.ceilDiv;
import static dev.gridmint.core.economics.Arith.floorDiv;
import static dev.gridmint.core.economics.Arith.nonNegative;
import static dev.gridmint.core.economics.Arith.positive;

import java.math.BigInteger;

/**
 * Burn-and-mint compute credits (Akash AEP-76 style): buyers burn GRID into the vault for
 * USD-pegged credits (CC) at the oracle price, and providers are paid GRID out of the vault for
 * the credits they settle. Credits are in micro-CC (1 CC = $1), GRID in micro-GRID, a price is
 * micro-USD per whole GRID. Every conversion rounds so that the vault never pays out dust it did
 * not take in: what the protocol receives rounds up, what it pays out rounds down.
 */
public final class Bme {

    private static final BigInteger SCALE = MICRO_BIG.multiply(BPS_BIG);

    /** A payout of GRID: what came out of the vault and what was minted for the shortfall. */
    public record Payout(long fromVault, long minted) {
        public long paid() {
            return fromVault + minted;
        }
    }

    private Bme() {}

    /**
     * L6: paying {@code grid} micro-GRID takes it from the vault first and mints the shortfall, no
     * more than {@code headroom} (what the max supply still allows); what neither covers is unpaid.
     */
    public static Payout payout(long grid, long vault, long headroom) {
        nonNegative(grid, "grid");
        nonNegative(vault, "vault");
        nonNegative(headroom, "headroom");
        long fromVault = Math.min(grid, vault);
        return new Payout(fromVault, Math.min(grid - fromVault, headroom));
    }

    /**
     * GRID in the vault beyond what every outstanding credit could claim at {@code price} (no
     * spread): the only GRID the net emission may release, so that credits stay backed.
     */
    public static long vaultSurplus(long vault, long outstandingCredits, long price) {
        nonNegative(vault, "vault");
        return Math.max(0, vault - gridForCredits(outstandingCredits, price, 0));
    }

    /**
     * Micro-GRID a buyer must burn to receive {@code credits} micro-CC at {@code price}, with
     * {@code spreadBps} kept by the protocol: {@code ceil(credits * 10^6 * 10^4 / (price * (10^4 -
     * spread)))}. Rounded up because the protocol is receiving.
     */
    public static long gridForCredits(long credits, long price, int spreadBps) {
        nonNegative(credits, "credits");
        positive(price, "price");
        spread(spreadBps);
        BigInteger numerator = big(credits).multiply(SCALE);
        BigInteger denominator = big(price).multiply(big(BPS - spreadBps));
        return ceilDiv(numerator, denominator).longValueExact();
    }

    /**
     * Micro-GRID paid to a provider for {@code credits} settled micro-CC: {@code floor(credits *
     * 10^6 / price)}. Rounded down because the protocol is paying.
     */
    public static long gridForSettlement(long credits, long price) {
        nonNegative(credits, "credits");
        positive(price, "price");
        return Arith.mulDiv(credits, Arith.MICRO, price);
    }

    /**
     * Micro-GRID returned for {@code credits} unused micro-CC, less the spread: {@code
     * floor(credits * 10^6 * (10^4 - spread) / (price * 10^4))}. Rounded down because the
     * protocol is paying, and the spread is charged again so a buy-then-refund round trip cannot
     * earn anything.
     */
    public static long gridForRefund(long credits, long price, int spreadBps) {
        nonNegative(credits, "credits");
        positive(price, "price");
        spread(spreadBps);
        BigInteger numerator = big(credits).multiply(MICRO_BIG).multiply(big(BPS - spreadBps));
        return floorDiv(numerator, big(price).multiply(BPS_BIG)).longValueExact();
    }

    /**
     * The value of {@code grid} micro-GRID in micro-CC at {@code price}: {@code floor(grid * price
     * / 10^6)}. Rounded down so that value is never overstated.
     */
    public static long creditsForGrid(long grid, long price) {
        nonNegative(grid, "grid");
        positive(price, "price");
        return floorDiv(big(grid).multiply(big(price)), MICRO_BIG).longValueExact();
    }

    /**
     * The vault's collateral ratio in bps: {@code floor(vaultGrid * price * 10^4 / (10^6 *
     * outstandingCredits))}. Rounded down so the breaker trips no later than it should; {@link
     * Long#MAX_VALUE} when nothing is outstanding (infinitely collateralised) or on overflow.
     */
    public static long collateralRatioBps(long vaultGrid, long price, long outstandingCredits) {
        nonNegative(vaultGrid, "vaultGrid");
        positive(price, "price");
        nonNegative(outstandingCredits, "outstandingCredits");
        if (outstandingCredits == 0) {
            return Long.MAX_VALUE;
        }
        BigInteger ratio = floorDiv(big(vaultGrid).multiply(big(price)).multiply(BPS_BIG),
                MICRO_BIG.multiply(big(outstandingCredits)));
        return ratio.bitLength() > 63 ? Long.MAX_VALUE : ratio.longValue();
    }

    /**
     * The breaker state for a collateral ratio: {@link VaultBreaker#HALT} below {@code haltBps},
     * {@link VaultBreaker#WARN} below {@code warnBps}, else {@link VaultBreaker#OK}. The halt
     * threshold must not exceed the warn threshold, or WARN could never be seen before HALT.
     */
    public static VaultBreaker breaker(long crBps, int warnBps, int haltBps) {
        nonNegative(crBps, "crBps");
        nonNegative(haltBps, "haltBps");
        if (haltBps > warnBps) {
            throw new IllegalArgumentException("haltBps " + haltBps + " > warnBps " + warnBps);
        }
        if (crBps < haltBps) {
            return VaultBreaker.HALT;
        }
        return crBps < warnBps ? VaultBreaker.WARN : VaultBreaker.OK;
    }

    private static void spread(int spreadBps) {
        if (spreadBps < 0 || spreadBps >= BPS) {
            throw new IllegalArgumentException("spreadBps must be in [0, 10000): " + spreadBps);
        }
    }
}
