package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.node.genesis.GenesisFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = {"Creates a new network's genesis file, signed by the founder's key. Every economic parameter starts"
                + " at its default (docs/economics.md), or at the value a --params file gives (such as the one"
                + " 'gridmint sim tune' writes); the council changes them later.",
                "Example: gridmint genesis --key founder.json --network gridmint-testnet-1 --treasury ADDR"
                        + " --coordinator-address ADDR --council ADDR --params tuned-params.properties -o genesis.json"})
final class GenesisCommand implements Callable<Integer> {

    @Mixin
    KeyOptions founder;

    @Option(names = "--network", required = true, description = "Network id, such as gridmint-testnet-1.")
    String networkId;

    @Option(names = "--treasury", required = true, paramLabel = "ADDRESS", description = "Receives protocol fees.")
    String treasury;

    @Option(names = "--coordinator-address", required = true, paramLabel = "ADDRESS", description = "The key that signs leases and settlements.")
    String coordinator;

    @Option(names = "--alloc", paramLabel = "ADDRESS=GRID[:CLIFF_DAYS:VESTING_DAYS]",
            description = "An initial balance; with days it vests linearly after the cliff. Repeatable.")
    List<String> allocations = new ArrayList<>();

    @Option(names = "--council", paramLabel = "ADDRESS", required = true,
            description = "A council member, who may propose and approve parameter changes; repeatable.")
    List<String> council = new ArrayList<>();

    @Option(names = "--threshold", paramLabel = "M",
            description = "Approvals a parameter change needs (default: 2 of 3, or all of a smaller council).")
    Integer threshold;

    @Option(names = "--oracle", paramLabel = "ADDRESS", description = "A key whose price reports count; repeatable.")
    List<String> oracles = new ArrayList<>();

    @Option(names = "--genesis-time", paramLabel = "UNIX_SECONDS",
            description = "When epoch 0 and every vesting grant start (default: now).")
    Long genesisTime;

    @Option(names = "--epoch-seconds", defaultValue = "86400",
            description = "Epoch length; rewards are minted at each close (default ${DEFAULT-VALUE}).")
    long epochSeconds;

    @Option(names = "--fee-bps", defaultValue = "500", description = "Protocol fee in basis points (default ${DEFAULT-VALUE}).")
    int feeBps;

    @Option(names = "--max-attempts", defaultValue = "3", description = "Leases a job may lose before it is refunded (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = "--params", paramLabel = "FILE",
            description = "A genesis parameter file: name=value lines with the names of 'gridmint params propose --set'"
                    + " (as 'gridmint sim tune' writes them), applied over the defaults; strict: an unknown name or a bad"
                    + " value is refused and nothing is written.")
    Path paramsFile;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the genesis file.")
    Path out;

    @Option(names = "--json", description = "Print {\"network\", \"out\", \"params_changed\"} as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The options that set a parameter a --params file may also set: giving both is refused rather than guessed. */
    private static final Map<String, String> OPTION_PARAMS = Map.of(
            "--fee-bps", "credits.protocolFeeBps", "--max-attempts", "maxJobAttempts", "--threshold", "governance.threshold");

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out)) {
            throw new UserError(out + " already exists");
        }
        NetworkParams params;
        try {
            params = params();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        NetworkParams defaults = flagParams();
        try {
            var genesis = new Genesis(Address.parse(treasury), Address.parse(coordinator), params,
                    genesisTime == null ? Instant.now().getEpochSecond() : genesisTime,
                    allocations.stream().map(GenesisCommand::allocation).toList());
            GenesisFile.of(founder.load(), networkId, genesis).write(out);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        List<ParamOverrides.Change> changes = ParamOverrides.changes(defaults, params);
        if (json) {
            var changed = new LinkedHashMap<String, Object>();
            changes.forEach(c -> changed.put(c.name(), c.to()));
            var map = new LinkedHashMap<String, Object>();
            map.put("network", networkId);
            map.put("out", out.toString());
            map.put("params_changed", changed);
            JsonOut.print(System.out, map);
        } else {
            System.out.println("Wrote genesis of " + networkId + " to " + out);
            if (paramsFile != null) {
                System.out.println("Parameters from " + paramsFile + " (" + changes.size() + " changed):");
                changes.forEach(c -> System.out.println("  " + c.name() + ": " + c.from() + " -> " + c.to()));
            }
        }
        return 0;
    }

    /** The defaults and the options, with the --params file applied over them. */
    private NetworkParams params() {
        NetworkParams fromFlags = flagParams();
        if (paramsFile == null) {
            return fromFlags;
        }
        List<ParamOverrides.Setting> settings = GenesisParamsFile.read(paramsFile);
        for (ParamOverrides.Setting setting : settings) {
            OPTION_PARAMS.forEach((option, name) -> {
                if (setting.param().name().equals(name) && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new UserError(option + " and " + setting.where() + " both set " + name + "; give one");
                }
            });
        }
        return ParamOverrides.applyAll(fromFlags, settings);
    }

    private NetworkParams flagParams() {
        List<Address> members = council.stream().map(Address::parse).toList();
        var defaults = NetworkParams.defaults(members, oracles.stream().map(Address::parse).toList());
        var governance = threshold == null ? defaults.governance()
                : new GovernanceParams(members, threshold, defaults.governance().proposalTtlSeconds());
        var credits = defaults.credits();
        return defaults.withMaxJobAttempts(maxAttempts)
                .withGovernance(governance)
                .withCredits(new CreditParams(credits.spreadBps(), feeBps, credits.warnRatioBps(), credits.haltRatioBps(),
                        credits.minRunwaySeconds()))
                .withEmission(defaults.emission().withEpochSeconds(epochSeconds));
    }

    /** {@code ADDRESS=GRID} or {@code ADDRESS=GRID:CLIFF_DAYS:VESTING_DAYS}. */
    static Allocation allocation(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--alloc takes ADDRESS=GRID[:CLIFF_DAYS:VESTING_DAYS], got " + text);
        }
        Address account = Address.parse(text.substring(0, eq));
        String[] parts = text.substring(eq + 1).split(":", -1);
        if (parts.length == 1) {
            return Allocation.liquid(account, Amounts.parseGrid(parts[0]));
        }
        if (parts.length != 3) {
            throw new IllegalArgumentException("--alloc takes ADDRESS=GRID[:CLIFF_DAYS:VESTING_DAYS], got " + text);
        }
        long day = 24 * 3600;
        return new Allocation(account, Amounts.parseGrid(parts[0]), Math.multiplyExact(Long.parseLong(parts[1]), day),
                Math.multiplyExact(Long.parseLong(parts[2]), day));
    }
}
