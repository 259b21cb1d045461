package dev.gridmint.cli.bench;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.store.sqlite.SqliteLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ledger throughput: the same seeded stream of signed transfers applied three ways in one
 * process: signature checks alone, the pure state transition (which checks signatures too), and
 * the sequencer writing every transaction durably to SQLite. The ratios show where time goes.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Transactions per second through signature checks, the pure state transition, and the durable sequencer.")
final class LedgerBench implements Callable<Integer> {

    @Option(names = "--txs", defaultValue = "5000", description = "Signed transfers per run (default ${DEFAULT-VALUE}).")
    int txCount;

    @Option(names = "--accounts", defaultValue = "100", description = "Funded accounts (default ${DEFAULT-VALUE}).")
    int accountCount;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the transaction stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    private static final String NETWORK = "gridmint-bench";

    @Override
    public Integer call() throws IOException {
        if (txCount < 1 || txCount > 1_000_000 || accountCount < 2 || accountCount > 100_000) {
            throw new dev.gridmint.cli.UserError("--txs must be 1..1000000 and --accounts 2..100000");
        }
        var random = new SplittableRandom(seed);
        List<Keypair> accounts = new ArrayList<>();
        for (int i = 0; i < accountCount; i++) {
            accounts.add(Keypair.generate(random));
        }
        Keypair founder = Keypair.generate(random);
        SignedTx genesis = SignedTx.sign(founder, NETWORK, 1, new Genesis(founder.address(), founder.address(),
                NetworkParams.DEFAULTS, accounts.stream().map(a -> new Allocation(a.address(), 1_000_000_000L)).toList()));
        List<SignedTx> stream = transfers(accounts, random);

        var figures = new LinkedHashMap<String, Object>();
        figures.put("transactions", txCount);
        double verifyRate = rate("signature checks", stream, tx -> tx.hasValidSignature());
        double pureRate = rate("pure apply", stream, new PureApply(genesis));
        double durableRate = durable(genesis, stream);
        figures.put("signature_checks_per_s", Math.round(verifyRate));
        figures.put("pure_apply_tx_per_s", Math.round(pureRate));
        figures.put("sqlite_sequencer_tx_per_s", Math.round(durableRate));
        figures.put("pure_vs_signature_ratio", round(pureRate / verifyRate));
        figures.put("sqlite_vs_pure_ratio", round(durableRate / pureRate));
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            System.out.printf("%n%-28s %12s%n", "stage", "tx/s");
            System.out.printf("%-28s %12.0f%n", "signature checks only", verifyRate);
            System.out.printf("%-28s %12.0f   (%.2fx of signature checks)%n", "pure apply", pureRate, pureRate / verifyRate);
            System.out.printf("%-28s %12.0f   (%.2fx of pure apply)%n", "sequencer + SQLite (durable)", durableRate, durableRate / pureRate);
        }
        return 0;
    }

    private List<SignedTx> transfers(List<Keypair> accounts, SplittableRandom random) {
        long[] nonces = new long[accounts.size()];
        List<SignedTx> stream = new ArrayList<>(txCount);
        try (var bar = new ProgressBar("Signing", txCount)) {
            for (int i = 0; i < txCount; i++) {
                int from = random.nextInt(accounts.size());
                Address to = accounts.get(random.nextInt(accounts.size())).address();
                stream.add(SignedTx.sign(accounts.get(from), NETWORK, ++nonces[from], new Transfer(to, 1 + random.nextInt(1_000))));
                bar.step();
            }
        }
        return stream;
    }

    private interface Step {
        boolean apply(SignedTx tx);
    }

    /** Applies in order on its own state, failing loudly if any transfer is refused. */
    private static final class PureApply implements Step {
        private LedgerState state;

        PureApply(SignedTx genesis) {
            state = ((ApplyResult.Applied) StateTransition.apply(LedgerState.empty(), genesis)).state();
        }

        @Override
        public boolean apply(SignedTx tx) {
            if (StateTransition.apply(state, tx) instanceof ApplyResult.Applied applied) {
                state = applied.state();
                return true;
            }
            return false;
        }
    }

    private double rate(String name, List<SignedTx> stream, Step step) {
        long start = System.nanoTime();
        try (var bar = new ProgressBar(name, stream.size())) {
            for (SignedTx tx : stream) {
                if (!step.apply(tx)) {
                    throw new IllegalStateException(name + " refused a valid transaction");
                }
                bar.step();
            }
        }
        return stream.size() / ((System.nanoTime() - start) / 1e9);
    }

    private double durable(SignedTx genesis, List<SignedTx> stream) throws IOException {
        Path dir = Files.createTempDirectory("gridmint-bench");
        try (var store = SqliteLedgerStore.open(dir)) {
            Sequencer sequencer = Sequencer.open(store, 1_000);
            sequencer.submit(genesis);
            return rate("sequencer + SQLite", stream, tx -> sequencer.submit(tx) instanceof ApplyResult.Applied);
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
