package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.node.genesis.GenesisFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = "Creates a new network's genesis file, signed by the founder's key.")
final class GenesisCommand implements Callable<Integer> {

    @Mixin
    KeyOptions founder;

    @Option(names = "--network", required = true, description = "Network id, such as gridmint-testnet-1.")
    String networkId;

    @Option(names = "--treasury", required = true, paramLabel = "ADDRESS", description = "Receives protocol fees.")
    String treasury;

    @Option(names = "--coordinator-address", required = true, paramLabel = "ADDRESS", description = "The key that signs leases and settlements.")
    String coordinator;

    @Option(names = "--alloc", paramLabel = "ADDRESS=GRID", description = "An initial balance; repeatable.")
    List<String> allocations = new ArrayList<>();

    @Option(names = "--fee-bps", defaultValue = "500", description = "Protocol fee in basis points (default ${DEFAULT-VALUE}).")
    int feeBps;

    @Option(names = "--max-attempts", defaultValue = "3", description = "Leases a job may lose before it is refunded (default ${DEFAULT-VALUE}).")
    int maxAttempts;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE", description = "Where to write the genesis file.")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (Files.exists(out)) {
            throw new UserError(out + " already exists");
        }
        try {
            var genesis = new Genesis(Address.parse(treasury), Address.parse(coordinator), new NetworkParams(feeBps, maxAttempts),
                    allocations.stream().map(GenesisCommand::allocation).toList());
            GenesisFile.of(founder.load(), networkId, genesis).write(out);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        System.out.println("Wrote genesis of " + networkId + " to " + out);
        return 0;
    }

    private static Allocation allocation(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("--alloc takes ADDRESS=GRID, got " + text);
        }
        return new Allocation(Address.parse(text.substring(0, eq)), Amounts.parseGrid(text.substring(eq + 1)));
    }
}
