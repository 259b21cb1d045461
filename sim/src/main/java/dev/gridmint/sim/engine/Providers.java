package dev.gridmint.sim.engine;

import java.util.Arrays;

/**
 * Every provider as columns of primitive arrays (struct of arrays): dense, cache-friendly and
 * free of per-agent objects, so a run can hold 100k providers. Index {@code i < size()} is a
 * live provider; an exit swaps the last one into its slot, so the order is deterministic but
 * not stable.
 */
final class Providers {

    static final int MARGIN_WINDOW = 4;

    int size;
    int[] gpus;
    double[] costPerGpuHour;
    double[] hold;
    long[] stake;
    long[] balance;
    long[] billed;
    long[] settlementGrid;
    long[] reward;
    long[] lastReward;
    long[] slashed;
    int[] age;
    double[] margins;
    double[] lastMargin;

    Providers(int capacity) {
        int c = Math.max(16, capacity);
        gpus = new int[c];
        costPerGpuHour = new double[c];
        hold = new double[c];
        stake = new long[c];
        balance = new long[c];
        billed = new long[c];
        settlementGrid = new long[c];
        reward = new long[c];
        lastReward = new long[c];
        slashed = new long[c];
        age = new int[c];
        margins = new double[c * MARGIN_WINDOW];
        lastMargin = new double[c];
    }

    int size() {
        return size;
    }

    int add(int gpuCount, double cost, double holdShare, long stakeGrid) {
        if (size == gpus.length) {
            grow();
        }
        int i = size++;
        gpus[i] = gpuCount;
        costPerGpuHour[i] = cost;
        hold[i] = holdShare;
        stake[i] = stakeGrid;
        balance[i] = 0;
        billed[i] = 0;
        settlementGrid[i] = 0;
        reward[i] = 0;
        lastReward[i] = 0;
        slashed[i] = 0;
        age[i] = 0;
        lastMargin[i] = 0;
        Arrays.fill(margins, i * MARGIN_WINDOW, (i + 1) * MARGIN_WINDOW, 0);
        return i;
    }

    /** Records this epoch's USD margin in the provider's rolling window. */
    void recordMargin(int i, double margin) {
        margins[i * MARGIN_WINDOW + age[i] % MARGIN_WINDOW] = margin;
        lastMargin[i] = margin;
        age[i]++;
    }

    /** The sum of the last four margins, once the provider has four. */
    double rollingMargin(int i) {
        double sum = 0;
        for (int k = 0; k < MARGIN_WINDOW; k++) {
            sum += margins[i * MARGIN_WINDOW + k];
        }
        return sum;
    }

    long totalGpus() {
        long total = 0;
        for (int i = 0; i < size; i++) {
            total += gpus[i];
        }
        return total;
    }

    /** Removes provider {@code i} by moving the last provider into its slot. */
    void remove(int i) {
        int last = --size;
        if (i != last) {
            gpus[i] = gpus[last];
            costPerGpuHour[i] = costPerGpuHour[last];
            hold[i] = hold[last];
            stake[i] = stake[last];
            balance[i] = balance[last];
            billed[i] = billed[last];
            settlementGrid[i] = settlementGrid[last];
            reward[i] = reward[last];
            lastReward[i] = lastReward[last];
            slashed[i] = slashed[last];
            age[i] = age[last];
            lastMargin[i] = lastMargin[last];
            System.arraycopy(margins, last * MARGIN_WINDOW, margins, i * MARGIN_WINDOW, MARGIN_WINDOW);
        }
    }

    private void grow() {
        int c = gpus.length * 2;
        gpus = Arrays.copyOf(gpus, c);
        costPerGpuHour = Arrays.copyOf(costPerGpuHour, c);
        hold = Arrays.copyOf(hold, c);
        stake = Arrays.copyOf(stake, c);
        balance = Arrays.copyOf(balance, c);
        billed = Arrays.copyOf(billed, c);
        settlementGrid = Arrays.copyOf(settlementGrid, c);
        reward = Arrays.copyOf(reward, c);
        lastReward = Arrays.copyOf(lastReward, c);
        slashed = Arrays.copyOf(slashed, c);
        age = Arrays.copyOf(age, c);
        lastMargin = Arrays.copyOf(lastMargin, c);
        margins = Arrays.copyOf(margins, c * MARGIN_WINDOW);
    }
}
