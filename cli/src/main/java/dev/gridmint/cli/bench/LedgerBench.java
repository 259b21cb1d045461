package dev.gridmint.cli.bench;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Ed25519Engine;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.node.ledger.Sequencer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ledger throughput: the same seeded stream of signed transfers and lease settlements (see
 * {@link LedgerWorkload}), in one process. First the limit:
 * raw Ed25519 verifications per second with the fastest engine on all cores. Then the baselines:
 * signature checks alone on one thread, the pure state transition (which checks signatures too),
 * and the sequencer writing every transaction durably to SQLite one at a time. Last the headline:
 * {@link Sequencer#submitAll} in batches (parallel checks, one durable append per batch), with
 * its p99 batch latency and its ratio to the verification limit. Both of those are measured warm:
 * the limit runs its slices once untimed, and the headline runs the whole stream once untimed on a
 * store of its own, then again, timed, on a fresh one.
 */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Transactions per second through signature checks, the pure state transition, and the durable sequencer.")
final class LedgerBench implements Callable<Integer> {

    @Option(names = "--txs", defaultValue = "5000", description = "Signed transactions per run (default ${DEFAULT-VALUE}).")
    int txCount;

    @Option(names = "--accounts", defaultValue = "100", description = "Funded accounts (default ${DEFAULT-VALUE}).")
    int accountCount;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the transaction stream (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--settlements", defaultValue = "50", paramLabel = "PERCENT",
            description = "Share of the stream that settles leases (usage receipts billing escrow through the vault);"
                    + " the rest are transfers (default ${DEFAULT-VALUE}).")
    int settlementPercent;

    @Option(names = "--providers", defaultValue = "64", description = "Staked providers, each holding one lease (default ${DEFAULT-VALUE}).")
    int providerCount;

    @Option(names = "--batch", defaultValue = "256", description = "Transactions per submitAll group commit (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--postgres", paramLabel = "URL",
            description = "Also run the headline against PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/test;"
                    + " each run gets a schema of its own, dropped afterwards.")
    String postgres;

    @Option(names = "--json", description = "Print the figures as JSON.")
    boolean json;

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws IOException {
        if (txCount < 1 || txCount > 1_000_000 || accountCount < 2 || accountCount > 100_000 || batchSize < 1 || batchSize > 100_000) {
            throw new dev.gridmint.cli.UserError("--txs must be 1..1000000, --accounts 2..100000 and --batch 1..100000");
        }
        if (settlementPercent < 0 || settlementPercent > 100 || providerCount < 1 || providerCount > 10_000) {
            throw new dev.gridmint.cli.UserError("--settlements must be 0..100 and --providers 1..10000");
        }
        LedgerWorkload workload;
        try (var bar = new ProgressBar("Signing", txCount)) {
            workload = LedgerWorkload.generate(seed, txCount, accountCount, providerCount, settlementPercent, i -> bar.step());
        }
        List<SignedTx> setup = workload.setup();
        List<SignedTx> stream = workload.stream();

        Ed25519Engine engine = Ed25519.engine();
        var figures = new LinkedHashMap<String, Object>();
        figures.put("transactions", txCount);
        figures.put("lease_settlements", workload.settlements());
        double rawVerifyRate = parallelVerifyRate(stream);
        double verifyRate = rate("signature checks", stream, tx -> tx.hasValidSignature());
        double pureRate = rate("pure apply", stream, new PureApply(setup));
        ScratchStore sqlite = ScratchStore.sqlite();
        double durableRate = durable(sqlite, setup, stream);
        // Measured warm, like the verification limit it is compared with: one untimed pass on a store of
        // its own first, so the figure is not the JIT compiling the batch path's code for the first time.
        batched("submitAll warm-up", sqlite, setup, stream);
        Batched batched = batched("submitAll + SQLite", sqlite, setup, stream);
        figures.put("tx_per_s", Math.round(batched.txPerSecond()));
        figures.put("p99_ms", round(batched.p99Millis()));
        figures.put("ed25519_verify_per_s", Math.round(rawVerifyRate));
        figures.put("ratio", round(batched.txPerSecond() / rawVerifyRate));
        figures.put("engine", engine.name());
        figures.put("cores", CORES);
        figures.put("batch", batchSize);
        figures.put("signature_checks_per_s", Math.round(verifyRate));
        figures.put("pure_apply_tx_per_s", Math.round(pureRate));
        figures.put("sqlite_sequencer_tx_per_s", Math.round(durableRate));
        figures.put("pure_vs_signature_ratio", round(pureRate / verifyRate));
        figures.put("sqlite_vs_pure_ratio", round(durableRate / pureRate));
        Batched postgresBatched = null;
        if (postgres != null) {
            ScratchStore pg = ScratchStore.postgres(postgres);
            batched("submitAll warm-up, PostgreSQL", pg, setup, stream);
            postgresBatched = batched("submitAll + PostgreSQL", pg, setup, stream);
            figures.put("postgres_tx_per_s", Math.round(postgresBatched.txPerSecond()));
            figures.put("postgres_p99_ms", round(postgresBatched.p99Millis()));
            figures.put("postgres_ratio", round(postgresBatched.txPerSecond() / rawVerifyRate));
        }
        if (json) {
            JsonOut.print(System.out, figures);
        } else {
            System.out.printf("%nEd25519 engine: %s (of %s), %d cores%n", engine.name(),
                    Ed25519.available().stream().map(Ed25519Engine::name).toList(), CORES);
            System.out.printf("%n%-40s %12s%n", "stage", "tx/s");
            System.out.printf("%-40s %12.0f%n", "Ed25519 verify, all cores (the limit)", rawVerifyRate);
            System.out.printf("%-40s %12.0f%n", "signature checks only, one thread", verifyRate);
            System.out.printf("%-40s %12.0f   (%.2fx of signature checks)%n", "pure apply", pureRate, pureRate / verifyRate);
            System.out.printf("%-40s %12.0f   (%.2fx of pure apply)%n", "sequencer + SQLite, one tx per submit", durableRate, durableRate / pureRate);
            System.out.printf("%-40s %12.0f   (%.2fx of the verify limit, p99 %.2f ms per batch)%n",
                    "submitAll + SQLite, batches of " + batchSize, batched.txPerSecond(), batched.txPerSecond() / rawVerifyRate,
                    batched.p99Millis());
            if (postgresBatched != null) {
                System.out.printf("%-40s %12.0f   (%.2fx of the verify limit, p99 %.2f ms per batch)%n",
                        "submitAll + PostgreSQL, batches of " + batchSize, postgresBatched.txPerSecond(),
                        postgresBatched.txPerSecond() / rawVerifyRate, postgresBatched.p99Millis());
            }
        }
        return 0;
    }

    private interface Step {
        boolean apply(SignedTx tx);
    }

    /** Applies in order on its own state, failing loudly if any transfer is refused. */
    private static final class PureApply implements Step {
        private LedgerState state;

        PureApply(List<SignedTx> setup) {
            state = LedgerState.empty();
            for (SignedTx tx : setup) {
                state = ((ApplyResult.Applied) StateTransition.apply(state, tx)).state();
            }
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

    private double durable(ScratchStore kind, List<SignedTx> setup, List<SignedTx> stream) throws IOException {
        return kind.use(store -> {
            Sequencer sequencer = Sequencer.open(store, 1_000);
            setUp(sequencer, setup);
            return rate("sequencer + " + kind.label(), stream, tx -> sequencer.submit(tx) instanceof ApplyResult.Applied);
        });
    }

    /**
     * Raw Ed25519 verifications per second with the selected (fastest) engine, on all cores: the
     * practical limit of the ledger. The signed bytes are prepared first, so this times the
     * verification alone. Each thread runs its slice of the stream twice: once to warm up, once timed.
     */
    private double parallelVerifyRate(List<SignedTx> stream) {
        List<byte[]> messages = stream.stream().map(SignedTx::signingMessage).toList();
        List<Address> signers = stream.stream().map(SignedTx::signer).toList();
        List<byte[]> signatures = stream.stream().map(SignedTx::signature).toList();
        int rounds = 2;
        var barrier = new java.util.concurrent.CyclicBarrier(CORES + 1);
        long[] started = new long[1];
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        for (int t = 0; t < CORES; t++) {
            int from = (int) ((long) stream.size() * t / CORES);
            int to = (int) ((long) stream.size() * (t + 1) / CORES);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int round = 0; round < rounds; round++) {
                        barrier.await();
                        for (int i = from; i < to; i++) {
                            if (!Ed25519.verify(signers.get(i), messages.get(i), signatures.get(i))) {
                                failed.set(true);
                            }
                        }
                        barrier.await();
                    }
                } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                    failed.set(true);
                }
            }));
        }
        double seconds = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                barrier.await();
                started[0] = System.nanoTime();
                barrier.await();
                seconds = (System.nanoTime() - started[0]) / 1e9;
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the verification threads were interrupted", e);
        }
        if (failed.get()) {
            throw new IllegalStateException("a valid signature failed to verify");
        }
        return stream.size() / seconds;
    }

    /** Durable throughput through {@link Sequencer#submitAll}, one group commit per batch, and the p99 batch latency. */
    private record Batched(double txPerSecond, double p99Millis) {}

    private Batched batched(String name, ScratchStore kind, List<SignedTx> setup, List<SignedTx> stream) throws IOException {
        return kind.use(store -> {
            Sequencer sequencer = Sequencer.open(store, 1_000);
            setUp(sequencer, setup);
            List<Long> latencies = new ArrayList<>();
            long start = System.nanoTime();
            try (var bar = new ProgressBar(name, stream.size())) {
                for (int from = 0; from < stream.size(); from += batchSize) {
                    List<SignedTx> batch = stream.subList(from, Math.min(stream.size(), from + batchSize));
                    long batchStart = System.nanoTime();
                    List<ApplyResult> results = sequencer.submitAll(batch);
                    latencies.add(System.nanoTime() - batchStart);
                    if (!results.stream().allMatch(r -> r instanceof ApplyResult.Applied)) {
                        throw new IllegalStateException("submitAll refused a valid transaction");
                    }
                    bar.stepBy(batch.size());
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            latencies.sort(Long::compare);
            long p99 = latencies.get(Math.min(latencies.size() - 1, (int) Math.ceil(latencies.size() * 0.99) - 1));
            return new Batched(stream.size() / seconds, p99 / 1e6);
        });
    }

    private static void setUp(Sequencer sequencer, List<SignedTx> setup) {
        for (SignedTx tx : setup) {
            if (!(sequencer.submit(tx) instanceof ApplyResult.Applied)) {
                throw new IllegalStateException("the benchmark's setup was refused at " + tx);
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
