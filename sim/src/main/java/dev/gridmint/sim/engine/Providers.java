package dev.gridmint.sim.engine;

import java.util.Arrays;

/**
 * Every provider as columns of primitive arrays (struct of arrays): dense, cache-friendly and
 * free of per-agent objects, so a run can hold 100k providers. Index {@code i < size()} is a
 * live provider; an exit swaps the last one into its slot, so the order is deterministic but
 * not stable.
 *
 * <p>Only what differs between providers is kept per provider. What every provider of one GPU
 * count is billed, paid and rewarded is the same, so it lives in {@link GpuClasses}, indexed by
 * GPU count; the counts per class, the total GPUs and the total stake are kept up to date on
 * every change rather than summed each epoch.
 */
final class Providers {

    static final int MARGIN_WINDOW = 4;
    /** GPUs per provider are drawn within 1..MAX_GPUS. */
    static final int MAX_GPUS = 1024;

    int size;
    int[] gpus;
    /**
     * GPUs × 24 × cost per GPU-hour: the USD a day costs before cost inflation; and the share of
     * its surplus the provider holds. Both are kept to float precision (a relative 6e-8 of a
     * drawn value) and computed with as doubles: half the bytes for the claim to read.
     */
    float[] dailyCost;
    float[] hold;
    long[] stake;
    long[] balance;
    int[] joined;
    /**
     * Deviations of the provider's margin from its GPU count's (see {@link Margins}), slot {@code
     * epoch % 4}, valid from four epochs back up to {@code lastWritten[i]}, and read only up to
     * {@code ownMarginsUntil[i]} (three epochs after the last, or the epoch of a slash).
     */
    double[] margins;
    int[] lastWritten;
    int[] ownMarginsUntil;
    /** The epoch of the provider's last slash and what it took from that epoch's rewards. */
    int[] slashedAt;
    long[] rewardTaken;

    final int[] perClass = new int[MAX_GPUS + 1];
    long totalGpus;
    long totalStake;

    Providers(int capacity) {
        int c = Math.max(16, capacity);
        gpus = new int[c];
        dailyCost = new float[c];
        hold = new float[c];
        stake = new long[c];
        balance = new long[c];
        joined = new int[c];
        margins = new double[c * MARGIN_WINDOW];
        lastWritten = new int[c];
        ownMarginsUntil = new int[c];
        slashedAt = new int[c];
        rewardTaken = new long[c];
    }

    int size() {
        return size;
    }

    int add(int epoch, int gpuCount, double costPerGpuHour, double holdShare, long stakeGrid) {
        if (gpuCount < 1 || gpuCount > MAX_GPUS) {
            throw new IllegalArgumentException("gpus out of 1.." + MAX_GPUS + ": " + gpuCount);
        }
        if (size == gpus.length) {
            grow();
        }
        int i = size++;
        gpus[i] = gpuCount;
        dailyCost[i] = (float) (gpuCount * 24 * costPerGpuHour);
        hold[i] = (float) holdShare;
        stake[i] = stakeGrid;
        balance[i] = 0;
        joined[i] = epoch;
        slashedAt[i] = -2;
        rewardTaken[i] = 0;
        Arrays.fill(margins, i * MARGIN_WINDOW, (i + 1) * MARGIN_WINDOW, 0);
        lastWritten[i] = epoch - 1;
        // Until its fourth claim its four-epoch sum is a shorter one: the claim's general case, as a deviation is.
        ownMarginsUntil[i] = epoch + MARGIN_WINDOW - 2;
        perClass[gpuCount]++;
        totalGpus += gpuCount;
        totalStake += stakeGrid;
        return i;
    }

    /** Epochs the provider has claimed in, at epoch {@code t} before its claim (the ledger's age in days). */
    int age(int i, int t) {
        return t - joined[i];
    }

    void changeStake(int i, long delta) {
        stake[i] += delta;
        totalStake += delta;
    }

    /** Removes provider {@code i} by moving the last provider into its slot. */
    void remove(int i) {
        perClass[gpus[i]]--;
        totalGpus -= gpus[i];
        totalStake -= stake[i];
        int last = --size;
        if (i != last) {
            gpus[i] = gpus[last];
            dailyCost[i] = dailyCost[last];
            hold[i] = hold[last];
            stake[i] = stake[last];
            balance[i] = balance[last];
            joined[i] = joined[last];
            slashedAt[i] = slashedAt[last];
            rewardTaken[i] = rewardTaken[last];
            System.arraycopy(margins, last * MARGIN_WINDOW, margins, i * MARGIN_WINDOW, MARGIN_WINDOW);
            lastWritten[i] = lastWritten[last];
            ownMarginsUntil[i] = ownMarginsUntil[last];
        }
    }

    private void grow() {
        int c = gpus.length * 2;
        gpus = Arrays.copyOf(gpus, c);
        dailyCost = Arrays.copyOf(dailyCost, c);
        hold = Arrays.copyOf(hold, c);
        stake = Arrays.copyOf(stake, c);
        balance = Arrays.copyOf(balance, c);
        joined = Arrays.copyOf(joined, c);
        slashedAt = Arrays.copyOf(slashedAt, c);
        rewardTaken = Arrays.copyOf(rewardTaken, c);
        margins = Arrays.copyOf(margins, c * MARGIN_WINDOW);
        lastWritten = Arrays.copyOf(lastWritten, c);
        ownMarginsUntil = Arrays.copyOf(ownMarginsUntil, c);
    }
}
