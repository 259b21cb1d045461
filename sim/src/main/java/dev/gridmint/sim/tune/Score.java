package dev.gridmint.sim.tune;

import java.util.List;

/**
 * A candidate's objective, higher is better: the mean of three components over the economy scenarios, each in
 * [0, 1], less the penalty for breaking the constraint.
 *
 * <ul>
 *   <li>retention: final providers / genesis providers, capped at {@link #RETENTION_CAP} and divided by it, so that
 *       keeping every provider scores ½ and doubling the network scores full marks; growth past that earns nothing,
 *       or the tuner would buy providers with emission at any price;</li>
 *   <li>price stability: 1 − the largest fall of the median price path, on a log scale (a fall to a hundredth scores
 *       0, to a tenth ½);</li>
 *   <li>utilisation: the mean median utilisation.</li>
 * </ul>
 *
 * The constraint: no economy scenario flagged as a death spiral, and every control (speculative-only) still flagged.
 * Each breach costs {@link #BREACH_PENALTY}, larger than the whole range of the components, so a candidate that
 * breaks it never beats one that keeps it; and each economy scenario's spiral share costs up to
 * {@link #SHARE_PENALTY} more, which leads the search away from settings where some runs spiral before half do.
 *
 * @param scenarios every scenario's score, economy scenarios first, then the controls
 * @param retention the mean capped retention over the economy scenarios, in [0, 1]
 * @param priceStability the mean price stability over them, in [0, 1]
 * @param utilisation the mean utilisation over them, in [0, 1]
 * @param spirals economy scenarios flagged
 * @param controlsMissed controls not flagged
 * @param penalty the constraint's cost
 * @param total (retention + priceStability + utilisation) / 3 − penalty
 */
public record Score(List<ScenarioScore> scenarios, double retention, double priceStability, double utilisation, int spirals,
        int controlsMissed, double penalty, double total) {

    public static final double RETENTION_CAP = 2.0;
    public static final double BREACH_PENALTY = 10.0;
    public static final double SHARE_PENALTY = 1.0;

    public Score {
        scenarios = List.copyOf(scenarios);
    }

    public static Score of(List<ScenarioScore> scenarios) {
        List<ScenarioScore> economy = scenarios.stream().filter(s -> !s.control()).toList();
        if (economy.isEmpty()) {
            throw new IllegalArgumentException("the objective needs at least one economy scenario");
        }
        double retention = economy.stream().mapToDouble(s -> Math.min(s.retention(), RETENTION_CAP) / RETENTION_CAP)
                .average().orElseThrow();
        double stability = economy.stream().mapToDouble(ScenarioScore::priceStability).average().orElseThrow();
        double utilisation = economy.stream().mapToDouble(ScenarioScore::utilisation).average().orElseThrow();
        int spirals = (int) economy.stream().filter(ScenarioScore::deathSpiral).count();
        int missed = (int) scenarios.stream().filter(s -> s.control() && !s.deathSpiral()).count();
        double shares = economy.stream().mapToDouble(ScenarioScore::spiralShare).sum();
        double penalty = BREACH_PENALTY * (spirals + missed) + SHARE_PENALTY * shares;
        double total = (retention + stability + utilisation) / 3 - penalty;
        return new Score(scenarios, retention, stability, utilisation, spirals, missed, penalty, total);
    }

    /** No economy scenario spirals and every control does. */
    public boolean constraintMet() {
        return spirals == 0 && controlsMissed == 0;
    }
}
