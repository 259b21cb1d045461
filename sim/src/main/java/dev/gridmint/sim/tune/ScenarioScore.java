package dev.gridmint.sim.tune;

import dev.gridmint.sim.analysis.Bands;
import dev.gridmint.sim.analysis.ScenarioResult;
import dev.gridmint.sim.engine.Metric;

/**
 * One scenario's outcome under one candidate, in the terms the objective scores.
 *
 * @param scenario the scenario's name
 * @param control whether it is a control (speculative-only): it must be flagged, and it adds nothing to the components
 * @param deathSpiral whether the scenario is flagged (at least half its runs are)
 * @param spiralShare the share of its runs flagged
 * @param retention the median across runs of final providers / genesis providers
 * @param priceStability 1 − the largest drawdown of the median price path on a log scale, where a fall to a hundredth
 *     of the peak (or worse) scores 0, to a tenth ½, and a price that never fell 1
 * @param utilisation the mean over epochs of the median utilisation
 */
public record ScenarioScore(String scenario, boolean control, boolean deathSpiral, double spiralShare, double retention,
        double priceStability, double utilisation) {

    /** Scores a Monte Carlo outcome. */
    public static ScenarioScore of(ScenarioResult result, boolean control) {
        var summary = result.summary();
        double[] price = result.bands().of(Metric.PRICE, Bands.MEDIAN);
        double[] utilisation = result.bands().of(Metric.UTILIZATION, Bands.MEDIAN);
        return new ScenarioScore(summary.scenario(), control, summary.deathSpiral(), summary.spiralShare(),
                summary.providerRetention(), stability(price), mean(utilisation));
    }

    /**
     * 1 − ln(peak / trough) / ln(100), clamped to [0, 1], over the median path's largest fall from a running peak.
     * On a log scale because every scenario opens with a long decline while providers sell an emission worth more than
     * the usage (docs/simulator.md): a plain drawdown reads 97% and 98% as nearly the same, though one price ends 50%
     * above the other. The median path rather than each run's, so that one run's crash does not dominate.
     */
    static double stability(double[] path) {
        return 1 - Math.min(1, logDrawdown(path) / Math.log(100));
    }

    /** The largest ln(peak / later price) along the path; 0 when it never fell, ∞ when it fell to 0. */
    static double logDrawdown(double[] path) {
        double peak = 0;
        double worst = 0;
        for (double p : path) {
            peak = Math.max(peak, p);
            if (peak > 0) {
                worst = Math.max(worst, p > 0 ? Math.log(peak / p) : Double.POSITIVE_INFINITY);
            }
        }
        return worst;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return values.length == 0 ? 0 : sum / values.length;
    }
}
