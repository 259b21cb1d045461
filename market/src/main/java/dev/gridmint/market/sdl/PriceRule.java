package dev.gridmint.market.sdl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an Akash price (an amount of a denom per block, for one instance of a profile) becomes a
 * Gridmint maximum price in micro-CC per GPU-hour:
 *
 * <pre>
 * micro-CC per GPU-hour = floor(amount × micro-USD per unit × 3600 / blockSeconds / GPUs per instance)
 * </pre>
 *
 * One CC is one USD. The USD denoms ({@code uusdc}, {@code uact}, and any IBC denom the user names as
 * USDC) are micro-USD, so one unit is one micro-CC. One {@code uakt} is a millionth of an AKT, so it
 * is worth {@code aktUsd} micro-USD, and there is no default AKT price: the user must give one. The
 * result is rounded down, so the order never offers more than the SDL did.
 *
 * @param blockSeconds the assumed average block time; Akash's is about 6.117 s, so ~588.5 blocks an hour
 * @param aktUsd the price of one AKT in USD, when the SDL prices in uakt
 * @param usdcIbcDenoms IBC denoms ({@code ibc/HASH}) the user vouches are USDC; none by default, as a
 *     hash names a channel path and we will not guess which one is USDC
 */
public record PriceRule(BigDecimal blockSeconds, Optional<BigDecimal> aktUsd, Set<String> usdcIbcDenoms) {

    public static final BigDecimal DEFAULT_BLOCK_SECONDS = new BigDecimal("6.117");
    public static final Set<String> USD_DENOMS = Set.of("uusdc", "uact");
    public static final String AKT_DENOM = "uakt";
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

    public PriceRule {
        if (blockSeconds == null || blockSeconds.compareTo(new BigDecimal("0.1")) < 0 || blockSeconds.compareTo(BigDecimal.valueOf(600)) > 0
                || blockSeconds.stripTrailingZeros().scale() > 3) {
            throw new IllegalArgumentException("the block time must be 0.1..600 seconds with at most 3 decimals");
        }
        if (aktUsd.isPresent() && (aktUsd.get().signum() <= 0 || aktUsd.get().compareTo(BigDecimal.valueOf(1_000_000)) > 0
                || aktUsd.get().stripTrailingZeros().scale() > 6)) {
            throw new IllegalArgumentException("the AKT price must be more than 0 and at most 1000000 USD, with at most 6 decimals");
        }
        for (String denom : usdcIbcDenoms) {
            if (!denom.matches("ibc/[0-9A-F]{64}")) {
                throw new IllegalArgumentException("a USDC IBC denom is ibc/ and 64 upper-case hex digits, got " + denom);
            }
        }
        usdcIbcDenoms = Set.copyOf(usdcIbcDenoms);
    }

    public static PriceRule defaults() {
        return new PriceRule(DEFAULT_BLOCK_SECONDS, Optional.empty(), Set.of());
    }

    /** Blocks per hour at the assumed block time, to one decimal, for people. */
    public BigDecimal blocksPerHour() {
        return SECONDS_PER_HOUR.divide(blockSeconds, 1, RoundingMode.HALF_EVEN);
    }

    /** Whether the denom is priced in USD, one unit a micro-USD. */
    boolean isUsd(String denom) {
        return USD_DENOMS.contains(denom) || usdcIbcDenoms.contains(denom);
    }

    /** Micro-USD (= micro-CC) per GPU-hour, unrounded; the caller has checked the denom is known. */
    BigDecimal exactPerGpuHour(BigDecimal amountPerBlock, String denom, int gpus) {
        BigDecimal microUsdPerUnit = isUsd(denom) ? BigDecimal.ONE : aktUsd.orElseThrow();
        return amountPerBlock.multiply(microUsdPerUnit).multiply(SECONDS_PER_HOUR)
                .divide(blockSeconds.multiply(BigDecimal.valueOf(gpus)), 6, RoundingMode.FLOOR);
    }

    long perGpuHour(BigDecimal amountPerBlock, String denom, int gpus) {
        return exactPerGpuHour(amountPerBlock, denom, gpus).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    /** The rule in words, as the import prints it. */
    public String describe() {
        Set<String> usd = new TreeSet<>(USD_DENOMS);
        usd.addAll(usdcIbcDenoms);
        return "max price per GPU-hour (micro-CC) = floor(amount per block x micro-USD per unit x 3600 / "
                + blockSeconds.toPlainString() + " s per block (" + blocksPerHour().toPlainString() + " blocks/h) / GPUs per instance); "
                + "1 CC = 1 USD; " + String.join(", ", usd) + ": 1 unit = 1 micro-USD; uakt: "
                + aktUsd.map(p -> "1 unit = " + p.toPlainString() + " micro-USD (AKT at $" + p.toPlainString() + ")")
                        .orElse("needs an AKT price in USD");
    }
}
