package dev.gridmint.core.transition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.testing.RandomTxGenerator;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Feeds 10,000 generated transactions per seed, valid and not, to the ledger, and
 * checks after every one of them:
 *
 * <ol type="a">
 *   <li>money is conserved ({@link LedgerState#supplyConserved()}) and nothing is negative;
 *   <li>a refused transaction leaves the state as it was: its root, recomputed after the
 *       refusal, is the root it had before;
 *   <li>replay determinism: a replica that starts from {@link LedgerState#empty()} and is fed
 *       only the encoded bytes of each accepted transaction (genesis first), decoded again
 *       with {@link TxCodec#decode}, has the same root as the main state after every one.
 * </ol>
 *
 * The replica is therefore a full replay of the accepted log from the empty ledger, checked
 * at every step and, at the end, for equality with the main state. On top of that, a node
 * restarting from a snapshot is checked: the state three quarters of the way through is
 * encoded with {@link StateCodec}, decoded again, and the rest of the log replayed onto it.
 * The final state also goes through its snapshot encoding and back.
 *
 * <p>Ed25519 in the JDK and the full state encoding behind every root are the costly parts,
 * so the root and replica checks run on a second thread, fed in order through a queue. Every
 * check still sees every transaction in log order, so the outcome does not depend on how the
 * threads are scheduled.
 */
class LedgerPropertyTest {

    /** Transactions per seed; {@code -Dgridmint.ledgerProperty.transactions=N} changes it for a deeper run. */
    private static final int TRANSACTIONS = Integer.getInteger("gridmint.ledgerProperty.transactions", 10_000);
    private static final int SNAPSHOT_AT = TRANSACTIONS * 3 / 4;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /**
     * Two seeds by default, which keeps the suite short (the JDK's Ed25519 takes about half a
     * millisecond per signature or verification on a small machine); pass more with
     * {@code -Dgridmint.ledgerProperty.seeds=1,2,3} for a deeper run.
     */
    static LongStream seeds() {
        String seeds = System.getProperty("gridmint.ledgerProperty.seeds", "1,1592642302");
        return Arrays.stream(seeds.split(",")).map(String::strip).filter(t -> !t.isEmpty()).mapToLong(Long::parseLong);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void ledgerInvariantsHoldAfterEveryTransaction(long seed) throws Exception {
        long cpuStart = CPU.getCurrentThreadCpuTime();
        var generator = new RandomTxGenerator(seed);
        SignedTx genesisTx = generator.genesis();
        LedgerState state = LedgerFixture.applyOrFail(LedgerState.empty(), genesisTx);

        List<byte[]> acceptedLog = new ArrayList<>();
        acceptedLog.add(genesisTx.encode());
        Map<String, int[]> countsByType = new TreeMap<>();
        Map<String, Integer> countsByIntent = new TreeMap<>();
        Map<TxError, Integer> errors = new EnumMap<>(TxError.class);
        Set<JobStatus> statusesReached = EnumSet.noneOf(JobStatus.class);
        byte[] snapshot = null;
        LedgerState snapshotState = null;
        int snapshotLogSize = 0;

        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-property-checker-" + seed);
            thread.setDaemon(true);
            return thread;
        });
        try {
            var checker = new Checker(acceptedLog.getFirst());
            Future<LedgerState> replicaResult = executor.submit(checker);

            for (int i = 0; i < TRANSACTIONS; i++) {
                var generated = generator.nextLabelled(state);
                SignedTx tx = generated.tx();
                String type = tx.payload().getClass().getSimpleName();
                countsByIntent.merge(generated.intent(), 1, Integer::sum);
                switch (StateTransition.apply(state, tx)) {
                    case Applied applied -> {
                        countsByType.computeIfAbsent(type, t -> new int[2])[0]++;
                        LedgerState next = applied.state();
                        if (next.height() != state.height() + 1 || next.account(tx.signer()).nonce() != tx.nonce()) {
                            fail("tx %d (%s) did not advance the height and the signer's nonce by one", i, generated.intent());
                        }
                        state = next;
                        byte[] bytes = tx.encode();
                        acceptedLog.add(bytes);
                        checker.send(new Step(i, generated.intent(), tx, state, bytes), replicaResult);
                        jobTouched(state, tx).ifPresent(job -> statusesReached.add(job.status()));
                    }
                    case Rejected rejected -> {
                        countsByType.computeIfAbsent(type, t -> new int[2])[1]++;
                        errors.merge(rejected.error(), 1, Integer::sum);
                        if (rejected.message() == null || rejected.message().isBlank()) {
                            fail("tx %d (%s) was rejected with %s and no message", i, generated.intent(), rejected.error());
                        }
                        checker.send(new Step(i, generated.intent() + " -> " + rejected.error(), tx, state, null),
                                replicaResult);
                    }
                }
                checkMoney(state, i, generated.intent());
                if (i == SNAPSHOT_AT) {
                    snapshot = StateCodec.encode(state);
                    snapshotState = state;
                    snapshotLogSize = acceptedLog.size();
                }
            }
            checker.send(Step.END, replicaResult);

            // A node restarting from the snapshot replays the rest of the log, while the checker drains.
            LedgerState restarted = StateCodec.decode(snapshot);
            assertThat(restarted).isEqualTo(snapshotState);
            assertThat(restarted.root()).isEqualTo(snapshotState.root());
            for (byte[] bytes : acceptedLog.subList(snapshotLogSize, acceptedLog.size())) {
                restarted = LedgerFixture.applyOrFail(restarted, TxCodec.decode(bytes));
            }
            LedgerState replica = join(replicaResult);

            print(seed, state, countsByType, countsByIntent, errors, statusesReached);
            System.out.printf("  cpu: %.1f s on the main thread, %.1f s on the checker%n",
                    (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9, checker.cpuNanos / 1e9);

            Hash root = state.root();
            assertThat(replica.root()).as("root of the replica, replayed from empty").isEqualTo(root);
            assertThat(replica).isEqualTo(state);
            assertThat(replica.height()).isEqualTo(acceptedLog.size());
            assertThat(restarted.root()).as("root after a restart from the snapshot").isEqualTo(root);
            assertThat(restarted).isEqualTo(state);
        } finally {
            executor.shutdownNow();
        }

        assertThat(statusesReached).as("job statuses reached").containsAll(RandomTxGenerator.AIMED_STATUSES);
        assertThat(errors.keySet()).as("error codes provoked").containsAll(RandomTxGenerator.AIMED_ERRORS);
        int applied = acceptedLog.size() - 1;
        assertThat(applied).as("accepted transactions").isBetween(TRANSACTIONS / 4, TRANSACTIONS * 9 / 10);

        // The final state survives its snapshot encoding.
        byte[] finalSnapshot = StateCodec.encode(state);
        LedgerState restored = StateCodec.decode(finalSnapshot);
        assertThat(restored).isEqualTo(state);
        assertThat(restored.root()).isEqualTo(state.root());
        assertThat(StateCodec.encode(restored)).isEqualTo(finalSnapshot);

        // Every settlement divides its escrow exactly, and open jobs still hold theirs.
        for (Job job : state.jobs().values()) {
            if (job.status() == JobStatus.SETTLED) {
                Settlement s = job.settlement().orElseThrow();
                assertThat(s.providerPaid() + s.fee() + s.refunded()).isEqualTo(job.escrow());
                assertThat(s.charged()).isEqualTo(s.providerPaid() + s.fee()).isLessThanOrEqualTo(job.escrow());
                assertThat(s.providerPaid()).isNotNegative();
                assertThat(s.fee()).isNotNegative();
                assertThat(s.refunded()).isNotNegative();
            } else {
                assertThat(job.settlement()).isEmpty();
            }
            assertThat(job.attempts()).isBetween(0, RandomTxGenerator.PARAMS.maxJobAttempts());
        }
    }

    /** One transaction's outcome: the state after it, and its encoding if it was accepted (null if refused). */
    private record Step(int index, String intent, SignedTx tx, LedgerState state, byte[] bytes) {
        static final Step END = new Step(-1, "end", null, null, null);
    }

    /**
     * Runs on the second thread: recomputes the main state's root after every transaction,
     * checks a refusal left it unchanged, and drives the replica from the accepted bytes.
     */
    private static final class Checker implements Callable<LedgerState> {
        private final BlockingQueue<Step> steps = new ArrayBlockingQueue<>(512);
        private final byte[] genesisBytes;
        private volatile long cpuNanos;

        Checker(byte[] genesisBytes) {
            this.genesisBytes = genesisBytes;
        }

        void send(Step step, Future<LedgerState> self) throws Exception {
            while (!steps.offer(step, 50, TimeUnit.MILLISECONDS)) {
                if (self.isDone()) {
                    join(self);
                    throw new AssertionError("the checker stopped early");
                }
            }
        }

        @Override
        public LedgerState call() throws Exception {
            LedgerState replica = LedgerFixture.applyOrFail(LedgerState.empty(), TxCodec.decode(genesisBytes));
            Hash mainRoot = replica.root();
            while (true) {
                Step step = steps.take();
                if (step == Step.END) {
                    cpuNanos = CPU.getCurrentThreadCpuTime();
                    return replica;
                }
                Hash root = step.state().root();
                if (step.bytes() == null) {
                    if (!root.equals(mainRoot)) {
                        fail("refused tx %d (%s) changed the state root from %s to %s",
                                step.index(), step.intent(), mainRoot, root);
                    }
                    continue;
                }
                mainRoot = root;
                SignedTx decoded = TxCodec.decode(step.bytes());
                if (!decoded.equals(step.tx()) || !decoded.hash().equals(step.tx().hash())) {
                    fail("tx %d (%s) did not decode to itself", step.index(), step.intent());
                }
                replica = switch (StateTransition.apply(replica, decoded)) {
                    case Applied applied -> applied.state();
                    case Rejected rejected -> fail("the replica refused tx %d (%s): %s %s",
                            step.index(), step.intent(), rejected.error(), rejected.message());
                };
                Hash replicaRoot = replica.root();
                if (!replicaRoot.equals(mainRoot)) {
                    fail("after tx %d (%s) the root is %s but the replica's is %s",
                            step.index(), step.intent(), mainRoot, replicaRoot);
                }
            }
        }
    }

    private static <T> T join(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static void checkMoney(LedgerState state, int i, String intent) {
        if (!state.supplyConserved()) {
            fail("after tx %d (%s) minted %d - burned %d != held %d",
                    i, intent, state.minted(), state.burned(), state.supplyHeld());
        }
        for (Account account : state.accounts().values()) {
            if (account.balance() < 0 || account.nonce() < 0) {
                fail("after tx %d (%s) a balance or nonce is negative", i, intent);
            }
        }
        for (Job job : state.jobs().values()) {
            if (job.escrow() < 0) {
                fail("after tx %d (%s) an escrow is negative", i, intent);
            }
        }
    }

    /** The job an accepted transaction acted on, as it is now. */
    private static Optional<Job> jobTouched(LedgerState state, SignedTx tx) {
        TxPayload payload = tx.payload();
        Hash id = switch (payload) {
            case SubmitJob ignored -> TxCodec.jobId(tx);
            case AssignLease a -> a.jobId();
            case ReleaseLease r -> r.jobId();
            case UsageReceipt u -> u.jobId();
            case CompleteJob c -> c.jobId();
            case SettleJob s -> s.jobId();
            case CancelJob c -> c.jobId();
            default -> null;
        };
        return id == null ? Optional.empty() : state.job(id);
    }

    private static void print(long seed, LedgerState state, Map<String, int[]> byType, Map<String, Integer> byIntent,
            Map<TxError, Integer> errors, Set<JobStatus> statuses) {
        var out = new StringBuilder();
        out.append("LedgerPropertyTest seed ").append(seed).append(": height ").append(state.height())
                .append(", ").append(state.jobs().size()).append(" jobs, ")
                .append(state.accounts().size()).append(" accounts, ")
                .append(state.providers().size()).append(" providers\n");
        out.append(String.format("  %-18s %8s %8s%n", "type", "applied", "rejected"));
        int[] total = new int[2];
        byType.forEach((type, c) -> {
            out.append(String.format("  %-18s %8d %8d%n", type, c[0], c[1]));
            total[0] += c[0];
            total[1] += c[1];
        });
        out.append(String.format("  %-18s %8d %8d%n", "total", total[0], total[1]));
        out.append("  errors: ").append(errors).append('\n');
        Map<JobStatus, Integer> finalStatuses = new EnumMap<>(JobStatus.class);
        state.jobs().values().forEach(job -> finalStatuses.merge(job.status(), 1, Integer::sum));
        out.append("  statuses reached: ").append(statuses).append(", final: ").append(finalStatuses).append('\n');
        out.append("  intents: ").append(byIntent).append('\n');
        System.out.print(out);
    }
}
