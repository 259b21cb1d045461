package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.node.ledger.LedgerReplay;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.StoreException;
import dev.gridmint.store.LedgerStores;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Inspects and audits the ledger.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Show.class, LedgerCommand.Log.class,
            LedgerEconomics.Supply.class, LedgerEconomics.Epochs.class, LedgerEconomics.Account.class, LedgerEconomics.Tx.class,
            LedgerEconomics.Params.class})
final class LedgerCommand extends CommandGroup {

    /** What an audit found. */
    record Verification(long height, String replayedStateRoot, String recordedStateRoot, boolean matches,
            boolean supplyConserved, long supply, List<String> problems) {}

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Replays a coordinator's stored log from scratch, checking every entry's recorded state root.")
    static final class Verify implements Callable<Integer> {

        @Option(names = {"--store", "--data-dir"}, required = true, paramLabel = "DIR|URL",
                description = "The coordinator's ledger: its data directory (SQLite) or its PostgreSQL URL.")
        String store;

        @Option(names = "--json", description = "Print the verification as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Verification result;
            try (LedgerStore ledger = LedgerStores.open(store, true)) {
                result = verify(ledger);
            } catch (LedgerReplay.ReplayException | StoreException e) {
                throw new UserError("the ledger does not verify: " + e.getMessage());
            }
            if (json) {
                JsonOut.print(System.out, result);
            } else {
                System.out.println("Replayed " + result.height() + " transactions from scratch.");
                System.out.println("State root (replayed): " + result.replayedStateRoot());
                System.out.println("State root (recorded): " + result.recordedStateRoot());
                System.out.println(result.matches() ? "OK: the log replays to the recorded state." : "MISMATCH");
                System.out.println("Supply conserved: " + result.supplyConserved() + " (" + Amounts.grid(result.supply()) + ")");
                result.problems().forEach(problem -> System.out.println("  " + problem));
            }
            return result.matches() && result.supplyConserved() ? 0 : 1;
        }

        static Verification verify(LedgerStore store) {
            LedgerState replayed = LedgerReplay.fromScratch(store);
            // The root recorded at the height replayed: a live coordinator may have appended since.
            String recorded = replayed.height() == 0 ? replayed.root().hex()
                    : new Hash(store.read(replayed.height(), 1).getFirst().stateRoot()).hex();
            String root = replayed.root().hex();
            List<String> problems = SupplyAudit.problems(replayed);
            return new Verification(replayed.height(), root, recorded, root.equals(recorded), problems.isEmpty(),
                    replayed.supply().outstanding(), problems);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows the live ledger's height, root and supply.")
    static final class Show implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            var ledger = coordinator.client().ledger();
            if (json) {
                JsonOut.print(System.out, ledger);
            } else {
                System.out.println("Network     " + ledger.networkId());
                System.out.println("Height      " + ledger.height());
                System.out.println("State root  " + ledger.stateRoot());
                System.out.println("Time        " + ledger.now() + " (epoch " + ledger.epoch() + ", closes at "
                        + ledger.epochEndsAt() + ")");
                System.out.println("Supply      " + Amounts.grid(ledger.supply().outstanding())
                        + " outstanding (breakdown: gridmint ledger supply; audit: gridmint ledger verify)");
                System.out.println("Treasury    " + ledger.treasury());
            }
            return 0;
        }
    }

    @Command(name = "log", mixinStandardHelpOptions = true, description = "Lists log entries.")
    static final class Log implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--from", defaultValue = "1", description = "First height (default ${DEFAULT-VALUE}).")
        long from;

        @Option(names = "--limit", defaultValue = "50", description = "Entries to show, at most 1000 (default ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            var entries = coordinator.client().log(from, limit);
            if (json) {
                JsonOut.print(System.out, java.util.Map.of("entries", entries));
                return 0;
            }
            for (var entry : entries) {
                System.out.printf("%6d  %-16s %-44s nonce %-4d root %s%n", entry.height(), entry.type(), entry.signer(),
                        entry.nonce(), entry.stateRoot().substring(0, 12));
            }
            return 0;
        }
    }
}
