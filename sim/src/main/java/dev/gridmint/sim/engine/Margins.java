package dev.gridmint.sim.engine;

/**
 * The providers' daily USD margins and their four-epoch sums, without storing four margins per
 * provider per epoch. A provider's margin is what its GPU count earned in USD less its daily
 * cost times the cost multiplier, unless it was slashed that epoch (its reward cut, its stake
 * bought back) or every payout was made one by one. So this keeps, per epoch slot, what each GPU
 * count earned and the multiplier, and their sums over the last one to four epochs: a provider's
 * four-epoch sum is {@code earned sum − daily cost × multiplier sum} over the epochs it has
 * claimed in, plus its deviations. A deviation (its own margin less its GPU count's) is kept in
 * the provider's window {@link Providers#margins}, slot {@code epoch % 4}, only for the epochs it
 * had one, and read only while one is in the window ({@link Providers#ownMarginsUntil}). Adding
 * the parts rounds differently from adding four stored margins in the last bits; nothing else differs.
 */
final class Margins {

    private static final int W = Providers.MARGIN_WINDOW;
    private static final int ROW = Providers.MAX_GPUS + 1;

    private final Providers providers;
    /** USD earned per GPU count, by slot {@code epoch % 4}. */
    final double[][] earnedUsd = new double[W][ROW];
    /** The cost multiplier, by slot. */
    final double[] multiplier = new double[W];
    /**
     * {@code earnedSum[a * ROW + g]}: what GPU count {@code g} earned over the last {@code a + 1}
     * epochs; {@code multiplierSum[a]} the same for the multiplier. Row 3 is the four-epoch sum.
     */
    final double[] earnedSum = new double[W * ROW];
    final double[] multiplierSum = new double[W];

    Margins(Providers providers) {
        this.providers = providers;
    }

    /** Records epoch {@code t}'s USD earned per GPU count and the multiplier, and their sums. */
    void startEpoch(int t, GpuClasses classes, double[] earnedUsdByGpus, double costMultiplier) {
        int slot = t % W;
        double[] row = earnedUsd[slot];
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            row[g] = earnedUsdByGpus[g];
        }
        multiplier[slot] = costMultiplier;
        // Sums from this epoch back; a GPU count present now that was absent earlier has stale slots there,
        // but only providers who claimed in those epochs (so were present with it) read that far back.
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            double sum = 0;
            for (int a = 0; a < W; a++) {
                sum += earnedUsd[(t - a + W * W) % W][g];
                earnedSum[a * ROW + g] = sum;
            }
        }
        double sum = 0;
        for (int a = 0; a < W; a++) {
            sum += multiplier[(t - a + W * W) % W];
            multiplierSum[a] = sum;
        }
    }

    /** Provider {@code i} deviates (or will, once its claim records it) until {@code until} at least. */
    void ownUntil(int i, int until) {
        providers.ownMarginsUntil[i] = Math.max(providers.ownMarginsUntil[i], until);
    }

    /** Whether provider {@code i} has a deviation in the four epochs up to {@code t}. */
    boolean deviates(int i, int t) {
        return t <= providers.ownMarginsUntil[i];
    }

    /** A margin that was its GPU count's, in the epoch of {@code slot}. */
    double shared(int g, double dailyCost, int slot) {
        return earnedUsd[slot][g] - dailyCost * multiplier[slot];
    }

    /** The row of {@link #earnedSum} for a provider {@code age} epochs old (0 in the epoch of its first claim). */
    static int row(int age) {
        return Math.min(age, W - 1);
    }

    /** The four-epoch sum of a provider whose margins were all its GPU count's. */
    double sharedSum(int g, double dailyCost, int age) {
        int a = row(age);
        return earnedSum[a * ROW + g] - dailyCost * multiplierSum[a];
    }

    /**
     * Records provider {@code i}'s own {@code margin} in epoch {@code t} as a deviation from its
     * GPU count's, clearing the slots of the epochs since its last one; returns its four-epoch sum.
     */
    double recordOwn(int i, int t, double margin) {
        int b = i * W;
        double[] m = providers.margins;
        int g = providers.gpus[i];
        for (int s = Math.max(t - W + 1, providers.lastWritten[i] + 1); s < t; s++) {
            m[b + s % W] = 0;
        }
        m[b + t % W] = margin - shared(g, providers.dailyCost[i], t % W);
        providers.lastWritten[i] = t;
        providers.ownMarginsUntil[i] = t + W - 1;
        return sharedSum(g, providers.dailyCost[i], providers.age(i, t)) + deviations(i, t);
    }

    /**
     * The deviations in the four epochs up to {@code t} of a provider that {@link #deviates}: the
     * slots from {@code t − 3} (or its first epoch) to the last written (the later ones hold older
     * epochs' values).
     */
    double deviations(int i, int t) {
        int b = i * W;
        double[] m = providers.margins;
        double sum = 0;
        // Not before it joined: those slots are zeros, and before epoch 0 there are none.
        for (int s = Math.max(t - W + 1, providers.joined[i]); s <= providers.lastWritten[i]; s++) {
            sum += m[b + s % W];
        }
        return sum;
    }

    /** Provider {@code i}'s margin in epoch {@code t}, after the claim. */
    double margin(int i, int t) {
        double shared = shared(providers.gpus[i], providers.dailyCost[i], t % W);
        return providers.lastWritten[i] == t ? shared + providers.margins[i * W + t % W] : shared;
    }

    /** Provider {@code i}'s four-epoch sum at epoch {@code t}, after the claim. */
    double rolling(int i, int t) {
        double shared = sharedSum(providers.gpus[i], providers.dailyCost[i], providers.age(i, t));
        return deviates(i, t) ? shared + deviations(i, t) : shared;
    }
}
