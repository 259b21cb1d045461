package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.node.api.Views.ParamsView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The parameters a council proposal may change from the command line, by name ({@code credits.spreadBps}), and
 * the conversion of the API's {@link ParamsView} back into the ledger's {@link NetworkParams}.
 */
final class ParamOverrides {

    private ParamOverrides() {}

    /** One settable parameter: how to read it from the params in force and how to set it from text. */
    record Param(String name, String unit, Function<NetworkParams, Long> get,
            BiFunction<NetworkParams, Long, NetworkParams> set, Function<String, Long> parse) {}

    /** A change a proposal makes, for showing: the name and the old and new value in human form. */
    record Change(String name, String from, String to) {}

    /** Every parameter {@code --set} knows, by name, in the order {@code --help} lists them. */
    static final Map<String, Param> KNOWN = known();

    private static Map<String, Param> known() {
        List<Param> all = new ArrayList<>();
        all.add(new Param("maxJobAttempts", "count", p -> (long) p.maxJobAttempts(),
                (p, v) -> p.withMaxJobAttempts(toInt(v)), ParamOverrides::whole));

        all.add(credits("credits.spreadBps", "bps", c -> (long) c.spreadBps(),
                (c, v) -> new CreditParams(toInt(v), c.protocolFeeBps(), c.warnRatioBps(), c.haltRatioBps(), c.minRunwaySeconds())));
        all.add(credits("credits.protocolFeeBps", "bps", c -> (long) c.protocolFeeBps(),
                (c, v) -> new CreditParams(c.spreadBps(), toInt(v), c.warnRatioBps(), c.haltRatioBps(), c.minRunwaySeconds())));
        all.add(credits("credits.warnRatioBps", "bps", c -> (long) c.warnRatioBps(),
                (c, v) -> new CreditParams(c.spreadBps(), c.protocolFeeBps(), toInt(v), c.haltRatioBps(), c.minRunwaySeconds())));
        all.add(credits("credits.haltRatioBps", "bps", c -> (long) c.haltRatioBps(),
                (c, v) -> new CreditParams(c.spreadBps(), c.protocolFeeBps(), c.warnRatioBps(), toInt(v), c.minRunwaySeconds())));
        all.add(credits("credits.minRunwaySeconds", "seconds", CreditParams::minRunwaySeconds,
                (c, v) -> new CreditParams(c.spreadBps(), c.protocolFeeBps(), c.warnRatioBps(), c.haltRatioBps(), v)));

        all.add(emission("emission.providerDecayBps", e -> (long) e.providerDecayBps(),
                (e, v) -> e.withProviderDecayBps(toInt(v))));
        all.add(emission("emission.workShareBps", e -> (long) e.workShareBps(),
                (e, v) -> e.withWorkShareBps(toInt(v))));
        all.add(emission("emission.netEmissionCapBps", e -> (long) e.netEmissionCapBps(),
                (e, v) -> e.withNetEmissionCapBps(toInt(v))));

        all.add(staking("staking.gpuStakeUnit", "GRID", StakingParams::gpuStakeUnit,
                (s, v) -> new StakingParams(v, s.cpuStakeUnit(), s.minCheckerStake(), s.delegationCommissionBps(),
                        s.unbondingSeconds(), s.gpuClasses())));
        all.add(staking("staking.cpuStakeUnit", "GRID", StakingParams::cpuStakeUnit,
                (s, v) -> new StakingParams(s.gpuStakeUnit(), v, s.minCheckerStake(), s.delegationCommissionBps(),
                        s.unbondingSeconds(), s.gpuClasses())));
        all.add(staking("staking.minCheckerStake", "GRID", StakingParams::minCheckerStake,
                (s, v) -> new StakingParams(s.gpuStakeUnit(), s.cpuStakeUnit(), v, s.delegationCommissionBps(),
                        s.unbondingSeconds(), s.gpuClasses())));
        all.add(staking("staking.delegationCommissionBps", "bps", s -> (long) s.delegationCommissionBps(),
                (s, v) -> new StakingParams(s.gpuStakeUnit(), s.cpuStakeUnit(), s.minCheckerStake(), toInt(v),
                        s.unbondingSeconds(), s.gpuClasses())));
        all.add(staking("staking.unbondingSeconds", "seconds", StakingParams::unbondingSeconds,
                (s, v) -> new StakingParams(s.gpuStakeUnit(), s.cpuStakeUnit(), s.minCheckerStake(), s.delegationCommissionBps(),
                        v, s.gpuClasses())));

        all.add(oracle("oracle.minReports", "count", o -> (long) o.minReports(),
                (o, v) -> new OracleParams(o.reporters(), toInt(v), o.maxAgeSeconds(), o.maxDeviationBps())));
        all.add(oracle("oracle.maxAgeSeconds", "seconds", OracleParams::maxAgeSeconds,
                (o, v) -> new OracleParams(o.reporters(), o.minReports(), v, o.maxDeviationBps())));
        all.add(oracle("oracle.maxDeviationBps", "bps", o -> (long) o.maxDeviationBps(),
                (o, v) -> new OracleParams(o.reporters(), o.minReports(), o.maxAgeSeconds(), toInt(v))));

        all.add(new Param("governance.threshold", "count", p -> (long) p.governance().threshold(),
                (p, v) -> p.withGovernance(new GovernanceParams(p.governance().council(), toInt(v),
                        p.governance().proposalTtlSeconds())), ParamOverrides::whole));
        all.add(new Param("governance.proposalTtlSeconds", "seconds", p -> p.governance().proposalTtlSeconds(),
                (p, v) -> p.withGovernance(new GovernanceParams(p.governance().council(), p.governance().threshold(), v)),
                ParamOverrides::whole));

        all.add(verification("verification.kappaBps", "bps", v -> (long) v.kappaBps(),
                (v, x) -> v.withKappaBps(toInt(x))));
        all.add(verification("verification.reputationAlphaBps", "bps", v -> (long) v.reputationAlphaBps(),
                (v, x) -> v.withReputationAlphaBps(toInt(x))));
        all.add(verification("verification.fraudThreshold", "score", v -> (long) v.fraudThreshold(),
                (v, x) -> v.withFraudThreshold(toInt(x))));
        all.add(verification("verification.outvoteTolerance", "score", v -> (long) v.outvoteTolerance(),
                (v, x) -> v.withOutvoteTolerance(toInt(x))));
        all.add(verification("verification.lieThreshold", "score", v -> (long) v.lieThreshold(),
                (v, x) -> v.withLieThreshold(toInt(x))));
        all.add(verification("verification.lieQuorum", "count", v -> (long) v.lieQuorum(),
                (v, x) -> v.withLieQuorum(toInt(x))));
        all.add(verification("verification.lieSlashBps", "bps", v -> (long) v.lieSlashBps(),
                (v, x) -> v.withLieSlashBps(toInt(x))));

        Map<String, Param> byName = new LinkedHashMap<>();
        all.forEach(param -> byName.put(param.name(), param));
        return java.util.Collections.unmodifiableMap(byName);
    }

    private static Param credits(String name, String unit, Function<CreditParams, Long> get,
            BiFunction<CreditParams, Long, CreditParams> set) {
        return new Param(name, unit, p -> get.apply(p.credits()), (p, v) -> p.withCredits(set.apply(p.credits(), v)),
                ParamOverrides::whole);
    }

    private static Param emission(String name, Function<EmissionParams, Long> get,
            BiFunction<EmissionParams, Long, EmissionParams> set) {
        return new Param(name, "bps", p -> get.apply(p.emission()), (p, v) -> p.withEmission(set.apply(p.emission(), v)),
                ParamOverrides::whole);
    }

    private static Param staking(String name, String unit, Function<StakingParams, Long> get,
            BiFunction<StakingParams, Long, StakingParams> set) {
        return new Param(name, unit, p -> get.apply(p.staking()), (p, v) -> p.withStaking(set.apply(p.staking(), v)),
                unit.equals("GRID") ? ParamOverrides::grid : ParamOverrides::whole);
    }

    private static Param oracle(String name, String unit, Function<OracleParams, Long> get,
            BiFunction<OracleParams, Long, OracleParams> set) {
        return new Param(name, unit, p -> get.apply(p.oracle()), (p, v) -> p.withOracle(set.apply(p.oracle(), v)),
                ParamOverrides::whole);
    }

    private static Param verification(String name, String unit, Function<VerificationParams, Long> get,
            BiFunction<VerificationParams, Long, VerificationParams> set) {
        return new Param(name, unit, p -> get.apply(p.verification()),
                (p, v) -> p.withVerification(set.apply(p.verification(), v)), ParamOverrides::whole);
    }

    /** The names {@code --set} accepts, with their units, one per line for messages and help. */
    static String knownNames() {
        StringBuilder out = new StringBuilder();
        KNOWN.values().forEach(p -> out.append("  ").append(p.name()).append(" (").append(p.unit()).append(")\n"));
        return out.toString().stripTrailing();
    }

    /** The parameters in force as the ledger's record: addresses parsed back from base58. */
    static NetworkParams fromView(ParamsView view) {
        try {
            var oracle = view.oracle();
            var council = view.governance();
            return new NetworkParams(view.maxJobAttempts(), view.token(), view.credits(),
                    new OracleParams(addresses(oracle.reporters()), oracle.minReports(), oracle.maxAgeSeconds(),
                            oracle.maxDeviationBps()),
                    view.emission(), view.staking(), view.slashing(),
                    new GovernanceParams(addresses(council.council()), council.threshold(), council.proposalTtlSeconds()),
                    view.verification());
        } catch (IllegalArgumentException e) {
            throw new UserError("the coordinator's parameters do not parse: " + e.getMessage());
        }
    }

    private static List<Address> addresses(List<String> base58) {
        return base58.stream().map(Address::parse).toList();
    }

    /**
     * Parses {@code name=value} settings, in order; a name may appear once. Unknown names, missing '=' and values
     * that do not parse are {@link UserError}s.
     */
    static Map<Param, Long> parse(List<String> settings) {
        Map<Param, Long> parsed = new LinkedHashMap<>();
        for (String setting : settings) {
            int eq = setting.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--set takes name=value, got: " + setting);
            }
            String name = setting.substring(0, eq).strip();
            String value = setting.substring(eq + 1).strip();
            Param param = KNOWN.get(name);
            if (param == null) {
                throw new UserError("unknown parameter '" + name + "'; the known parameters are:\n" + knownNames());
            }
            if (parsed.containsKey(param)) {
                throw new UserError("--set " + name + " is given twice");
            }
            Long v;
            try {
                v = param.parse().apply(value);
            } catch (IllegalArgumentException e) {
                throw new UserError("--set " + name + ": " + e.getMessage());
            }
            parsed.put(param, v);
        }
        return parsed;
    }

    /**
     * The parameters in force with {@code name=value} settings applied; out-of-range results are {@link UserError}s.
     * Settings that only make sense together (raising both the halt and the warn ratio, say) apply in whatever order
     * keeps every step valid.
     */
    static NetworkParams apply(NetworkParams inForce, List<String> settings) {
        List<Setting> parsed = parse(settings).entrySet().stream()
                .map(e -> new Setting("--set " + e.getKey().name(), e.getKey(), e.getValue())).toList();
        return applyAll(inForce, parsed);
    }

    /** A parsed setting and where it came from ({@code --set name}, {@code FILE line 3}), for error messages. */
    record Setting(String where, Param param, long value) {}

    /**
     * Applies parsed settings in whatever order keeps every step valid (the core records check each); when none of
     * those left can be applied, the first one's error is a {@link UserError} naming where it came from.
     */
    static NetworkParams applyAll(NetworkParams inForce, List<Setting> settings) {
        NetworkParams result = inForce;
        List<Setting> pending = settings;
        while (!pending.isEmpty()) {
            List<Setting> failed = new ArrayList<>();
            RuntimeException firstError = null;
            for (Setting setting : pending) {
                try {
                    result = setting.param().set().apply(result, setting.value());
                } catch (IllegalArgumentException | ArithmeticException e) {
                    failed.add(setting);
                    firstError = firstError == null ? e : firstError;
                }
            }
            if (failed.size() == pending.size()) {
                throw new UserError(failed.getFirst().where() + ": " + firstError.getMessage());
            }
            pending = failed;
        }
        return result;
    }

    /** What differs between two sets of parameters, among the known names. */
    static List<Change> changes(NetworkParams before, NetworkParams after) {
        List<Change> changes = new ArrayList<>();
        for (Param param : KNOWN.values()) {
            long from = param.get().apply(before);
            long to = param.get().apply(after);
            if (from != to) {
                changes.add(new Change(param.name(), show(param, from), show(param, to)));
            }
        }
        return changes;
    }

    private static String show(Param param, long value) {
        return switch (param.unit()) {
            case "GRID" -> Amounts.grid(value);
            case "bps" -> value + " bps";
            case "seconds" -> value + " s";
            default -> String.valueOf(value);
        };
    }

    private static Long whole(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number: " + text);
        }
    }

    private static Long grid(String text) {
        return Amounts.parseGrid(text);
    }

    private static int toInt(long value) {
        try {
            return Math.toIntExact(value);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("out of range: " + value);
        }
    }
}
