package dev.gridmint.sim.tune;

import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.sim.config.EconomyParams;
import dev.gridmint.sim.tune.TunedParam.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The governance parameters the tuner searches (issue 10): emission decay, protocol fee, credit spread,
 * work/availability split, GPU stake unit and net-emission cap. Every other parameter is held at its value in the
 * economy the search starts from.
 */
public record SearchSpace(List<TunedParam> params) {

    private static final long GRID = 1_000_000L;

    /**
     * The six parameters of issue 10. The bounds bracket the defaults widely but stay where the rules still make
     * sense: a decay under 0.3 spends the provider pool in two years, a fee over 20% or a spread over 5% prices the
     * network out of its own market, and a work share under half pays more for idling than for work.
     */
    public static final SearchSpace ISSUE_10 = new SearchSpace(List.of(
            emission("emission.providerDecayBps", 3_000, 9_000, EmissionParams::providerDecayBps,
                    EmissionParams::withProviderDecayBps),
            credits("credits.protocolFeeBps", 0, 2_000, CreditParams::protocolFeeBps,
                    (c, v) -> new CreditParams(c.spreadBps(), v, c.warnRatioBps(), c.haltRatioBps(), c.minRunwaySeconds())),
            credits("credits.spreadBps", 0, 500, CreditParams::spreadBps,
                    (c, v) -> new CreditParams(v, c.protocolFeeBps(), c.warnRatioBps(), c.haltRatioBps(), c.minRunwaySeconds())),
            emission("emission.workShareBps", 5_000, 10_000, EmissionParams::workShareBps,
                    EmissionParams::withWorkShareBps),
            new TunedParam("staking.gpuStakeUnit", Unit.GRID, 100 * GRID, 10_000 * GRID, GRID, true,
                    p -> p.staking().gpuStakeUnit(),
                    (p, v) -> withStaking(p, new StakingParams(v, p.staking().cpuStakeUnit(), p.staking().minCheckerStake(),
                            p.staking().delegationCommissionBps(), p.staking().unbondingSeconds(),
                            p.staking().gpuClasses()))),
            emission("emission.netEmissionCapBps", 0, 1_000, EmissionParams::netEmissionCapBps,
                    EmissionParams::withNetEmissionCapBps)));

    public SearchSpace {
        params = List.copyOf(params);
        if (params.isEmpty() || params.stream().map(TunedParam::name).distinct().count() != params.size()) {
            throw new IllegalArgumentException("a search space needs at least one parameter, each named once");
        }
    }

    public int dimensions() {
        return params.size();
    }

    /** The searched parameters' values in {@code economy}. */
    public List<Long> valuesOf(EconomyParams economy) {
        return params.stream().map(p -> p.get().apply(economy)).toList();
    }

    /** {@code base} with the searched parameters set to {@code values}; the core records reject an invalid set. */
    public EconomyParams apply(EconomyParams base, List<Long> values) {
        checkSize(values.size());
        EconomyParams result = base;
        for (int i = 0; i < params.size(); i++) {
            result = params.get(i).set().apply(result, values.get(i));
        }
        return result;
    }

    /** The values as a point of the unit cube. */
    public double[] toUnit(List<Long> values) {
        checkSize(values.size());
        double[] point = new double[params.size()];
        for (int i = 0; i < point.length; i++) {
            point[i] = params.get(i).toUnit(values.get(i));
        }
        return point;
    }

    /** The values at a point of the unit cube, each rounded to its parameter's step. */
    public List<Long> fromUnit(double[] point) {
        checkSize(point.length);
        List<Long> values = new ArrayList<>(point.length);
        for (int i = 0; i < point.length; i++) {
            values.add(params.get(i).fromUnit(point[i]));
        }
        return List.copyOf(values);
    }

    private void checkSize(int size) {
        if (size != params.size()) {
            throw new IllegalArgumentException("expected " + params.size() + " values, got " + size);
        }
    }

    private static TunedParam emission(String name, long lower, long upper, Function<EmissionParams, Integer> get,
            BiFunction<EmissionParams, Integer, EmissionParams> set) {
        return new TunedParam(name, Unit.BPS, lower, upper, 1, false, p -> (long) get.apply(p.emission()),
                (p, v) -> new EconomyParams(p.token(), p.credits(), set.apply(p.emission(), Math.toIntExact(v)), p.staking(),
                        p.slashing()));
    }

    private static TunedParam credits(String name, long lower, long upper, Function<CreditParams, Integer> get,
            BiFunction<CreditParams, Integer, CreditParams> set) {
        return new TunedParam(name, Unit.BPS, lower, upper, 1, false, p -> (long) get.apply(p.credits()),
                (p, v) -> new EconomyParams(p.token(), set.apply(p.credits(), Math.toIntExact(v)), p.emission(), p.staking(),
                        p.slashing()));
    }

    private static EconomyParams withStaking(EconomyParams p, StakingParams staking) {
        return new EconomyParams(p.token(), p.credits(), p.emission(), staking, p.slashing());
    }
}
