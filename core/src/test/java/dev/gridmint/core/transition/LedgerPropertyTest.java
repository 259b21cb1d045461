package dev.gridmint.core.transition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.testing.RandomTxGenerator;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.TopUpEscrow;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.core.tx.VerifiedTx;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Feeds a seeded stream of generated transactions of every type, valid and not, to the
 * ledger, through dozens of hour-long epochs, and checks:
 *
 * <ol type="a">
 *   <li>after <em>every</em> transaction, {@link SupplyAudit#problems} is empty: the running
 *       supply totals match the tables, GRID and credits are conserved, the max supply holds;
 *   <li>an accepted transaction moves the height and the signer's nonce by exactly one; a
 *       refused one leaves the state as it was (the same object, with the same root) and says why;
 *   <li>replay: a replica fed only the encoded bytes of each accepted transaction (genesis
 *       first), decoded with {@link TxCodec#decode} and applied from {@link LedgerState#empty()},
 *       reaches the same root at every checkpoint and at the end;
 *   <li>restart: the state at each checkpoint K, through {@link StateCodec} and back, plus the
 *       accepted transactions after K, reaches the same root as the full replay;
 *   <li>every transaction type was accepted at least once and refused at least once, every job
 *       status was reached and the aimed error codes were provoked, so the test cannot pass by
 *       generating nothing interesting.
 * </ol>
 *
 * The replica runs on a second thread, fed in order through a queue; the restart replays reuse
 * the transactions' signature checks ({@link VerifiedTx}), the replica does not.
 *
 * <p>Both runs are part of the normal build: the 200,000-transaction run takes about 45 s on a
 * 2-core machine (the surefire configuration excludes no tags, so tagging it would not keep it
 * out of {@code mvn test} anyway). The seed can be changed with {@code -Dgridmint.ledgerProperty.seed=N}.
 */
class LedgerPropertyTest {

    private static final long SEED = Long.getLong("gridmint.ledgerProperty.seed", 20_260_101L);

    /** The full run: about 110 s on a quiet 2-core machine (verdicts, bids and minimums in the mix). {@code -Dgridmint.ledgerProperty.transactions=N} changes its length. */
    @Test
    void twoHundredThousandTransactions() throws Exception {
        run(SEED, Integer.getInteger("gridmint.ledgerProperty.transactions", 200_000));
    }

    /** A shorter run from another seed: a different history through the same checks. */
    @Test
    void twentyThousandTransactionsFromAnotherSeed() throws Exception {
        run(SEED + 1, 20_000);
    }

    private static void run(long seed, int transactions) throws Exception {
        long started = System.nanoTime();
        var generator = new RandomTxGenerator(seed);
        LedgerState state = LedgerState.empty();
        Hash root = state.root();

        List<byte[]> acceptedBytes = new ArrayList<>();
        List<VerifiedTx> accepted = new ArrayList<>();
        Map<String, int[]> countsByType = new TreeMap<>();
        Map<String, Integer> countsByIntent = new TreeMap<>();
        Map<TxError, Integer> errors = new EnumMap<>(TxError.class);
        Set<JobStatus> statusesReached = EnumSet.noneOf(JobStatus.class);
        var verdictEffects = new VerdictEffects();
        var audit = new Audit();
        List<Checkpoint> checkpoints = new ArrayList<>();
        Set<Integer> checkpointAt = new TreeSet<>(List.of(transactions / 4, transactions / 2, transactions * 3 / 4));

        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ledger-property-replica-" + seed);
            thread.setDaemon(true);
            return thread;
        });
        LedgerState replica;
        try {
            var replayer = new Replayer();
            Future<LedgerState> replicaResult = executor.submit(replayer);

            for (int i = 0; i < transactions; i++) {
                var generated = generator.nextLabelled(state);
                SignedTx tx = generated.tx();
                String type = tx.payload().getClass().getSimpleName();
                countsByIntent.merge(generated.intent(), 1, Integer::sum);
                Optional<VerifiedTx> verified = VerifiedTx.verify(tx);
                ApplyResult result = verified.isPresent() ? StateTransition.applyVerified(state, verified.get())
                        : StateTransition.badSignature();
                switch (result) {
                    case Applied applied -> {
                        countsByType.computeIfAbsent(type, t -> new int[2])[0]++;
                        LedgerState next = applied.state();
                        if (next.height() != state.height() + 1 || next.account(tx.signer()).nonce() != tx.nonce()) {
                            fail("tx %d (%s) did not advance the height and the signer's nonce by one", i, generated.intent());
                        }
                        verdictEffects.count(state, next, tx);
                        state = next;
                        root = state.root();
                        byte[] bytes = tx.encode();
                        acceptedBytes.add(bytes);
                        accepted.add(verified.orElseThrow());
                        replayer.send(new Step(i, generated.intent(), bytes, root), replicaResult);
                        jobTouched(state, tx).ifPresent(job -> statusesReached.add(job.status()));
                        List<String> gangProblems = gangProblems(state, tx);
                        if (!gangProblems.isEmpty()) {
                            fail("after tx %d (%s): %s", i, generated.intent(), gangProblems);
                        }
                    }
                    case Rejected rejected -> {
                        countsByType.computeIfAbsent(type, t -> new int[2])[1]++;
                        errors.merge(rejected.error(), 1, Integer::sum);
                        if (rejected.message() == null || rejected.message().isBlank()) {
                            fail("tx %d (%s) was rejected with %s and no message", i, generated.intent(), rejected.error());
                        }
                        if (!state.root().equals(root)) {
                            fail("refused tx %d (%s) changed the state root", i, generated.intent());
                        }
                    }
                }
                List<String> problems = audit.problems(state);
                if (!problems.isEmpty()) {
                    fail("after tx %d (%s, %s) the supply audit fails: %s", i, generated.intent(),
                            result instanceof Rejected r ? "rejected " + r.error() : "accepted", problems);
                }
                if (checkpointAt.contains(i)) {
                    checkpoints.add(new Checkpoint(accepted.size(), StateCodec.encode(state), root));
                    replayer.send(new Step(-1, "checkpoint", null, root), replicaResult);
                }
            }
            replayer.send(Step.END, replicaResult);
            replica = join(replicaResult);
            assertThat(replayer.checkpointsSeen).as("checkpoints the replica confirmed").isEqualTo(checkpoints.size());
        } finally {
            executor.shutdownNow();
        }
        long applySeconds = (System.nanoTime() - started) / 1_000_000_000L;

        // (c) the replica, replayed from the encoded log alone, ends where the ledger ended.
        assertThat(replica.root()).as("root of the replica, replayed from empty").isEqualTo(root);
        assertThat(replica).isEqualTo(state);
        assertThat(replica.height()).isEqualTo(acceptedBytes.size());
        assertThat(replayFromBytes(acceptedBytes.subList(0, Math.min(acceptedBytes.size(), 500))).root())
                .as("a second replay of the head of the log from bytes")
                .isEqualTo(replayVerified(LedgerState.empty(), accepted.subList(0, Math.min(accepted.size(), 500))).root());

        // (d) a node restarting from each snapshot replays the tail and reaches the same root.
        for (Checkpoint checkpoint : checkpoints) {
            LedgerState restarted = StateCodec.decode(checkpoint.snapshot());
            assertThat(restarted.root()).as("root of the decoded snapshot at %d", checkpoint.logSize())
                    .isEqualTo(checkpoint.root());
            assertThat(StateCodec.encode(restarted)).isEqualTo(checkpoint.snapshot());
            LedgerState resumed = replayVerified(restarted, accepted.subList(checkpoint.logSize(), accepted.size()));
            assertThat(resumed.root()).as("root after a restart from the snapshot at %d", checkpoint.logSize())
                    .isEqualTo(root);
        }
        byte[] finalSnapshot = StateCodec.encode(state);
        assertThat(StateCodec.decode(finalSnapshot)).isEqualTo(state);

        print(seed, transactions, state, countsByType, countsByIntent, errors, statusesReached, applySeconds);

        // (e) nothing vacuous: every type both ways, every status, the aimed errors, dozens of epochs.
        Set<String> allTypes = new TreeSet<>();
        for (Class<?> type : TxPayload.class.getPermittedSubclasses()) {
            allTypes.add(type.getSimpleName());
        }
        assertThat(countsByType.keySet()).as("transaction types generated").isEqualTo(allTypes);
        countsByType.forEach((type, counts) -> {
            assertThat(counts[0]).as("%s accepted", type).isPositive();
            assertThat(counts[1]).as("%s rejected", type).isPositive();
        });
        state.jobs().values().forEach(job -> statusesReached.add(job.status()));
        assertThat(statusesReached).as("job statuses reached").containsAll(RandomTxGenerator.AIMED_STATUSES);
        assertThat(errors.keySet()).as("error codes provoked").containsAll(RandomTxGenerator.AIMED_ERRORS);
        System.out.printf("  verdicts: %d providers slashed, %d checkers slashed for lying%n",
                verdictEffects.providersSlashed, verdictEffects.liarsSlashed);
        assertThat(verdictEffects.providersSlashed).as("providers slashed on the checkers' verdicts").isPositive();
        assertThat(verdictEffects.liarsSlashed).as("checkers slashed for lying").isPositive();
        int applied = acceptedBytes.size();
        assertThat(applied).as("accepted transactions").isBetween(transactions * 2 / 5, transactions * 9 / 10);
        long expectedEpochs = transactions / 4_000L;
        assertThat(state.clock().epoch()).as("epochs closed").isGreaterThanOrEqualTo(expectedEpochs);
        assertThat(state.epochs().size()).isEqualTo((int) state.clock().epoch());

        // Every closed job divided its escrow exactly.
        for (Job job : state.jobs().values()) {
            if (job.status().holdsEscrow()) {
                assertThat(job.settlement()).isEmpty();
                continue;
            }
            Settlement s = job.settlement().orElseThrow();
            assertThat(s.charged()).isEqualTo(job.charged());
            assertThat(s.providerPaid() + s.fee()).isEqualTo(s.charged());
            assertThat(s.charged() + s.refunded()).isEqualTo(job.deposited());
            assertThat(job.escrow()).isZero();
            assertThat(s.unsettled() > 0).isEqualTo(job.status() == JobStatus.OVERDRAWN);
        }
    }

    private static LedgerState replayFromBytes(List<byte[]> log) {
        LedgerState replayed = LedgerState.empty();
        for (byte[] bytes : log) {
            replayed = switch (StateTransition.apply(replayed, TxCodec.decode(bytes))) {
                case Applied applied -> applied.state();
                case Rejected rejected -> throw new AssertionError("the replay refused " + rejected);
            };
        }
        return replayed;
    }

    private static LedgerState replayVerified(LedgerState from, List<VerifiedTx> log) {
        LedgerState replayed = from;
        for (VerifiedTx tx : log) {
            replayed = switch (StateTransition.applyVerified(replayed, tx)) {
                case Applied applied -> applied.state();
                case Rejected rejected -> throw new AssertionError("the replay refused " + tx + ": " + rejected);
            };
        }
        return replayed;
    }

    /**
     * What epoch closes did on the checkers' verdicts: providers slashed on a failing consensus, and
     * checkers slashed for lying (a close only ever adds to a checker's stake and commission otherwise).
     */
    private static final class VerdictEffects {
        int providersSlashed;
        int liarsSlashed;

        void count(LedgerState before, LedgerState after, SignedTx tx) {
            if (!(tx.payload() instanceof TxPayload.CloseEpoch)) {
                return;
            }
            after.verdictOutcomes().forEach((subject, outcome) -> providersSlashed += outcome.slashed() > 0 ? 1 : 0);
            before.checkers().forEach((operator, checker) -> {
                var closed = after.checker(operator).orElseThrow();
                if (closed.delegated() < checker.delegated() || closed.commission() < checker.commission()) {
                    liarsSlashed++;
                }
            });
        }
    }

    /**
     * {@link SupplyAudit} after every transaction. The partner-pool audit is O(pools × delegations),
     * and a pure function of five tables that most transactions leave untouched; the tables are
     * persistent, so an unchanged one is the same object, and the audit is rerun only when one changed.
     */
    private static final class Audit {
        private List<Object> partnerTables = List.of();

        List<String> problems(LedgerState state) {
            List<String> problems = new ArrayList<>(SupplyAudit.supplyProblems(state));
            List<Object> tables = List.of(state.partnerPools(), state.partnerStakes(), state.partnerBalances(),
                    state.partnerTokens(), state.delegations());
            if (!sameObjects(tables, partnerTables)) {
                problems.addAll(SupplyAudit.partnerProblems(state));
                partnerTables = tables;
            }
            return problems;
        }

        private static boolean sameObjects(List<Object> a, List<Object> b) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) != b.get(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The state after {@code logSize} accepted transactions, encoded, and its root. */
    private record Checkpoint(int logSize, byte[] snapshot, Hash root) {}

    /** An accepted transaction's bytes and the root after it; or, with no bytes, a checkpoint to confirm. */
    private record Step(int index, String intent, byte[] bytes, Hash root) {
        static final Step END = new Step(-2, "end", null, null);
    }

    /** Runs on the second thread: replays the accepted bytes from the empty ledger and compares roots. */
    private static final class Replayer implements Callable<LedgerState> {
        private final BlockingQueue<Step> steps = new ArrayBlockingQueue<>(4_096);
        private volatile int checkpointsSeen;

        void send(Step step, Future<LedgerState> self) throws Exception {
            while (!steps.offer(step, 50, TimeUnit.MILLISECONDS)) {
                if (self.isDone()) {
                    join(self);
                    throw new AssertionError("the replica stopped early");
                }
            }
        }

        @Override
        public LedgerState call() throws Exception {
            LedgerState replica = LedgerState.empty();
            int seen = 0;
            while (true) {
                Step step = steps.take();
                if (step == Step.END) {
                    return replica;
                }
                if (step.bytes() == null) {
                    if (!replica.root().equals(step.root())) {
                        fail("at a checkpoint the replica's root is %s, the ledger's %s", replica.root(), step.root());
                    }
                    checkpointsSeen = ++seen;
                    continue;
                }
                SignedTx decoded = TxCodec.decode(step.bytes());
                replica = switch (StateTransition.apply(replica, decoded)) {
                    case Applied applied -> applied.state();
                    case Rejected rejected -> fail("the replica refused tx %d (%s): %s %s",
                            step.index(), step.intent(), rejected.error(), rejected.message());
                };
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

    /** The job an accepted transaction acted on, as it is now. */
    /**
     * A gang is placed whole or not at all, and no device twice: a queued gang holds no seat, a leased one holds
     * some, an applied {@code AssignGang} leaves no seat vacant, and a provider it names runs no more devices
     * under gang seats than it has.
     */
    static List<String> gangProblems(LedgerState state, SignedTx tx) {
        List<String> problems = new ArrayList<>();
        Optional<Job> touched = jobTouched(state, tx).filter(job -> job.spec().isGang());
        touched.ifPresent(job -> {
            if (job.status() == JobStatus.QUEUED && job.vacantSeats().size() != job.spec().nodes()) {
                problems.add("queued gang " + job.id().shortHex() + " holds seats");
            }
            if (job.status() == JobStatus.LEASED && job.vacantSeats().size() == job.spec().nodes()) {
                problems.add("leased gang " + job.id().shortHex() + " holds no seat");
            }
        });
        if (tx.payload() instanceof AssignGang assign) {
            Job job = state.job(assign.jobId()).orElseThrow();
            if (!job.vacantSeats().isEmpty()) {
                problems.add("gang " + job.id().shortHex() + " placed in part: seats " + job.vacantSeats() + " vacant");
            }
            Map<Address, Long> held = new HashMap<>();
            for (Job any : state.jobs().values()) {
                if (any.spec().isGang()) {
                    any.runningLeases().forEach(lease -> held.merge(lease.provider(), (long) any.spec().devices(), Long::sum));
                }
            }
            for (var seat : assign.seats()) {
                long devices = state.provider(seat.provider()).orElseThrow().offer().deviceCount();
                if (held.getOrDefault(seat.provider(), 0L) > devices) {
                    problems.add(seat.provider() + " runs gang seats on " + held.get(seat.provider()) + " of its " + devices + " devices");
                }
            }
        }
        return problems;
    }

    private static Optional<Job> jobTouched(LedgerState state, SignedTx tx) {
        Hash id = switch (tx.payload()) {
            case SubmitJob ignored -> TxCodec.jobId(tx);
            case AssignLease a -> a.jobId();
            case AssignGang a -> a.jobId();
            case ReleaseLease r -> r.jobId();
            case UsageReceipt u -> u.jobId();
            case CompleteJob c -> c.jobId();
            case SettleJob s -> s.jobId();
            case CancelJob c -> c.jobId();
            case TopUpEscrow t -> t.jobId();
            default -> null;
        };
        return id == null ? Optional.empty() : state.job(id);
    }

    private static void print(long seed, int transactions, LedgerState state, Map<String, int[]> byType,
            Map<String, Integer> byIntent, Map<TxError, Integer> errors, Set<JobStatus> statuses, long seconds) {
        var out = new StringBuilder();
        out.append("LedgerPropertyTest seed ").append(seed).append(", ").append(transactions).append(" transactions in ")
                .append(seconds).append(" s: height ").append(state.height())
                .append(", epoch ").append(state.clock().epoch())
                .append(", ").append(state.jobs().size()).append(" jobs, ")
                .append(state.providers().size()).append(" providers, ")
                .append(state.checkers().size()).append(" checkers, ")
                .append(state.proposals().size()).append(" proposals\n");
        out.append("  supply: ").append(state.supply()).append('\n');
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
        System.out.flush();
    }
}
