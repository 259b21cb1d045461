package dev.gridmint.core.state;

import dev.gridmint.core.economics.Reputation;
import java.util.List;
import java.util.TreeSet;

/**
 * What a job asks of the machine beyond devices and price; all optional, {@link #NONE} asks nothing.
 * Lists are kept sorted and without repeats, so one set of requirements has one encoding.
 *
 * @param gpuModels market device models the job accepts, such as {@code H100-80GB} (empty: any)
 * @param minVramGb the least memory per device, in GB (0: no minimum; a CPU device has none)
 * @param regions regions the job may run in (empty: anywhere)
 * @param deniedRegions regions it must not run in
 * @param spot whether it takes interruptible (spot) capacity rather than reserved
 * @param auctionSeconds 0 for instant matching; otherwise the job goes to a reverse auction whose window
 *        stays open this many seconds, and the tenant picks a bid ({@code AcceptBid}) or the best one is taken when it closes
 * @param minTflops the least dense FP16/BF16 TFLOPS per device, as {@link GpuCatalog} rates the provider's model
 *        (0: no minimum; a CPU device has none, an unknown GPU 1)
 * @param minReputation the least ledger reputation the provider must hold, 0..{@value Reputation#MAX} (0: any)
 */
public record JobRequirements(List<String> gpuModels, int minVramGb, List<String> regions, List<String> deniedRegions,
                              boolean spot, int auctionSeconds, int minTflops, int minReputation) {

    public static final int MAX_ENTRIES = 16;
    public static final int MAX_MODEL_BYTES = 64;
    public static final int MAX_VRAM_GB = 4_096;
    public static final int MAX_AUCTION_SECONDS = 3_600;
    /** Far above any GPU made, low enough that no arithmetic on it overflows. */
    public static final int MAX_TFLOPS = 100_000;
    public static final JobRequirements NONE = new JobRequirements(List.of(), 0, List.of(), List.of(), false, 0);

    public JobRequirements {
        gpuModels = sortedLabels(gpuModels, "GPU model", MAX_MODEL_BYTES);
        regions = sortedLabels(regions, "region", Limits.MAX_LABEL_BYTES);
        deniedRegions = sortedLabels(deniedRegions, "denied region", Limits.MAX_LABEL_BYTES);
        if (minVramGb < 0 || minVramGb > MAX_VRAM_GB) {
            throw new IllegalArgumentException("minimum VRAM must be 0.." + MAX_VRAM_GB + " GB");
        }
        if (minTflops < 0 || minTflops > MAX_TFLOPS) {
            throw new IllegalArgumentException("minimum TFLOPS must be 0.." + MAX_TFLOPS);
        }
        if (minReputation < 0 || minReputation > Reputation.MAX) {
            throw new IllegalArgumentException("minimum reputation must be 0.." + Reputation.MAX);
        }
        if (!gpuModels.isEmpty() && (minVramGb > 0 || minTflops > 0)) {
            throw new IllegalArgumentException("name GPU models or minimums (VRAM, TFLOPS), not both");
        }
        if (auctionSeconds < 0 || auctionSeconds > MAX_AUCTION_SECONDS) {
            throw new IllegalArgumentException("an auction window is 0.." + MAX_AUCTION_SECONDS + " seconds");
        }
        for (String region : regions) {
            if (deniedRegions.contains(region)) {
                throw new IllegalArgumentException("region " + region + " is both allowed and denied");
            }
        }
    }

    /** Requirements without a TFLOPS or reputation minimum, as jobs asked before they could. */
    public JobRequirements(List<String> gpuModels, int minVramGb, List<String> regions, List<String> deniedRegions,
                           boolean spot, int auctionSeconds) {
        this(gpuModels, minVramGb, regions, deniedRegions, spot, auctionSeconds, 0, 0);
    }

    /** Requirements without an auction. */
    public JobRequirements(List<String> gpuModels, int minVramGb, List<String> regions, List<String> deniedRegions, boolean spot) {
        this(gpuModels, minVramGb, regions, deniedRegions, spot, 0);
    }

    public boolean isAuction() {
        return auctionSeconds > 0;
    }

    public boolean isNone() {
        return equals(NONE);
    }

    /**
     * Whether the job asks a TFLOPS or reputation minimum: such requirements need the encoding that
     * carries them, and the others keep the one they had before minimums existed.
     */
    public boolean hasMinimums() {
        return minTflops > 0 || minReputation > 0;
    }

    /** The same requirements with these minimums. */
    public JobRequirements withMinimums(int newMinTflops, int newMinReputation) {
        return new JobRequirements(gpuModels, minVramGb, regions, deniedRegions, spot, auctionSeconds, newMinTflops, newMinReputation);
    }

    /** Whether a machine in {@code region} may take the job. */
    public boolean permitsRegion(String region) {
        return (regions.isEmpty() || regions.contains(region)) && !deniedRegions.contains(region);
    }

    private static List<String> sortedLabels(List<String> values, String what, int maxBytes) {
        if (values.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("at most " + MAX_ENTRIES + " " + what + "s");
        }
        values.forEach(value -> Checks.label(value, what, maxBytes));
        return List.copyOf(new TreeSet<>(values));
    }
}
