package dev.gridmint.sim.engine;

/**
 * The providers' daily USD margins and their four-epoch sums, without storing four margins per
 * provider per epoch. A provider's margin is what its GPU count earned in USD less its daily
 * cost times the cost multiplier, unless it was slashed (its reward cut, its stake bought back)
 * or every payout was made one by one. So this keeps, per epoch slot, what each GPU count earned
 * and the multiplier, and their sums over the last one to four epochs; a provider whose margins
 * since it joined (at most four epochs back) were all its GPU count's has its four-epoch sum as
 * {@code earned sum − daily cost × multiplier sum}, over the epochs it has claimed in. Only the
 * others (recently slashed, or all of them after a per-provider payout) keep their own window in
 * {@link Providers#margins}; when a provider turns into one, its window is first filled from the
 * slots. The two ways of summing round differently in the last bits; nothing else differs.
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
    /** Until this epoch every provider's margins are its own (a per-provider payout was made). */
    int everyoneOwnUntil = -1;

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

    /** Whether provider {@code i}'s margins since it joined, up to four epochs back from {@code t}, are all its GPU count's. */
    boolean shared(int i, int t) {
        return t > providers.ownMarginsUntil[i] && t > everyoneOwnUntil;
    }

    /** Provider {@code i}'s own margins, from this epoch to {@code until}. */
    void ownUntil(int i, int until) {
        providers.ownMarginsUntil[i] = Math.max(providers.ownMarginsUntil[i], until);
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
     * Writes provider {@code i}'s own {@code margin} for epoch {@code t}, after filling in the
     * epochs since its window was last written, which were its GPU count's; returns the four-epoch sum.
     */
    double recordOwn(int i, int t, double margin) {
        int b = i * W;
        double[] m = providers.margins;
        int g = providers.gpus[i];
        int from = Math.max(Math.max(t - W + 1, providers.lastWritten[i] + 1), providers.joined[i]);
        for (int s = from; s < t; s++) {
            m[b + s % W] = shared(g, providers.dailyCost[i], s % W);
        }
        m[b + t % W] = margin;
        providers.lastWritten[i] = t;
        return m[b] + m[b + 1] + m[b + 2] + m[b + 3];
    }

    /** Provider {@code i}'s margin in epoch {@code t}, after the claim. */
    double margin(int i, int t) {
        return shared(i, t) ? shared(providers.gpus[i], providers.dailyCost[i], t % W)
                : providers.margins[i * W + t % W];
    }

    /** Provider {@code i}'s four-epoch sum at epoch {@code t}, after the claim. */
    double rolling(int i, int t) {
        if (shared(i, t)) {
            return sharedSum(providers.gpus[i], providers.dailyCost[i], providers.age(i, t));
        }
        int b = i * W;
        double[] m = providers.margins;
        return m[b] + m[b + 1] + m[b + 2] + m[b + 3];
    }
}
