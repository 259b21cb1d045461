package dev.gridmint.sim.config;

import java.util.List;
import java.util.Optional;

/**
 * The named scenarios of spec (b). The macro ranges follow depin_sim's bull / bear / neutral
 * (daily drift ±0.05%, i.e. about ±17% a year, at 4% daily volatility for bull and bear and 3%
 * for neutral); every other scenario is neutral macro with one thing changed, so its effect can
 * be read against the neutral baseline.
 */
public final class Scenarios {

    public static final Scenario NEUTRAL = new Scenario("neutral", 0, 0.03, 1, 0.0004, -1, 0, -1, 0, 0, 0, 1);
    public static final Scenario BULL = new Scenario("bull", 0.0005, 0.04, 1, 0.0008, -1, 0, -1, 0, 0, 0, 1);
    public static final Scenario BEAR = new Scenario("bear", -0.0005, 0.04, 1, 0.0001, -1, 0, -1, 0, 0, 0, 1);
    /** −50% demand, as a step, after a year. */
    public static final Scenario DEMAND_SHOCK = new Scenario("demand-shock", 0, 0.03, 1, 0.0004, 365, 0.5, -1, 0, 0, 0, 1);
    /** Half a year in, an unlock worth 30% of the AMM's GRID depth is sold at once. */
    public static final Scenario UNLOCK_SHOCK = new Scenario("unlock-shock", 0, 0.03, 1, 0.0004, -1, 0, 180, 0.3, 0, 0, 1);
    /** Provider costs rise 0.03% a day (about 12% a year); offers pass it on to tenants. */
    public static final Scenario COST_INFLATION = new Scenario("cost-inflation", 0, 0.03, 1, 0.0004, -1, 0, -1, 0, 0.0003, 0, 1);
    /** No usage at all: the token is held up by speculators alone. */
    public static final Scenario SPECULATIVE_ONLY = new Scenario("speculative-only", 0, 0.03, 0, 0, -1, 0, -1, 0, 0, 0, 2);
    /** A contracted USD floor of demand (the Helium / T-Mobile analogue) under a bear market. */
    public static final Scenario ENTERPRISE = new Scenario("enterprise", -0.0005, 0.04, 1, 0.0001, -1, 0, -1, 0, 0, 40_000, 1);

    public static final List<Scenario> ALL =
            List.of(BULL, BEAR, NEUTRAL, DEMAND_SHOCK, UNLOCK_SHOCK, COST_INFLATION, SPECULATIVE_ONLY, ENTERPRISE);

    private Scenarios() {}

    public static Optional<Scenario> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Scenario::name).toList();
    }
}
