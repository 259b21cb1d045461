package dev.gridmint.core.testing;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.core.tx.TxPayload;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A seeded stream of transactions over a small, fixed population: six tenants, four
 * providers, two outsiders (who hold nothing and never register), the coordinator and the
 * treasury. It peeks at the state it is given to make most transactions plausible, so jobs
 * walk their whole life (queued, leased, completed, settled, cancelled, failed), and mixes in
 * wrong ones: overdrafts, low escrows, wrong signers, unknown jobs and stale attempts, and a
 * share of broken envelopes (bad signatures, the wrong network, replayed or skipped nonces).
 *
 * <p>The same seed and the same sequence of states give the same transactions. It never
 * reads the clock or an unseeded random source.
 */
public final class RandomTxGenerator {

    public static final String NETWORK_ID = "gridmint-prop";
    public static final String OTHER_NETWORK_ID = "gridmint-elsewhere";
    public static final long GRID = LedgerFixture.GRID;

    /** Three attempts, so releases fail jobs often. */
    public static final NetworkParams PARAMS = new NetworkParams(500, 3);

    /** The error codes the stream is meant to provoke; the rest belong to genesis alone or cannot be reached. */
    public static final Set<TxError> AIMED_ERRORS = Collections.unmodifiableSet(EnumSet.complementOf(
            EnumSet.of(TxError.MALFORMED, TxError.NO_GENESIS, TxError.SUPPLY_OVERFLOW)));

    /** Every job status is meant to be reached. */
    public static final Set<JobStatus> AIMED_STATUSES = Collections.unmodifiableSet(EnumSet.allOf(JobStatus.class));

    /** A transaction and what the generator meant by it, such as {@code transfer.overdraw}. */
    public record Generated(String intent, SignedTx tx) {}

    private static final String[] WORKLOADS = {"train-names", "matmul-bench", "embed", "infer-llm"};
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
    private static final String[] REASONS = {"provider lost", "heartbeat timeout", "preempted", ""};
    private static final int RECENT = 256;

    private final SplittableRandom random;
    private final List<Keypair> tenants = TestKeys.of("prop-tenant", 6);
    private final List<Keypair> providers = TestKeys.of("prop-provider", 4);
    private final List<Keypair> outsiders = TestKeys.of("prop-outsider", 2);
    private final Keypair coordinator = TestKeys.of("prop-coordinator");
    private final Keypair treasury = TestKeys.of("prop-treasury");
    private final List<Keypair> everyone = new ArrayList<>();
    private final Map<Address, Keypair> byAddress = new HashMap<>();
    private final ArrayDeque<SignedTx> recent = new ArrayDeque<>();

    public RandomTxGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        everyone.addAll(tenants);
        everyone.addAll(providers);
        everyone.addAll(outsiders);
        everyone.add(coordinator);
        everyone.add(treasury);
        everyone.forEach(k -> byAddress.put(k.address(), k));
    }

    /** {@code count} transactions from {@code seed}, each generated against the state the ones before it made. */
    public static List<SignedTx> stream(long seed, int count) {
        var generator = new RandomTxGenerator(seed);
        LedgerState state = LedgerState.empty();
        List<SignedTx> txs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SignedTx tx = generator.next(state);
            txs.add(tx);
            if (StateTransition.apply(state, tx) instanceof ApplyResult.Applied applied) {
                state = applied.state();
            }
        }
        return txs;
    }

    public List<Keypair> tenants() {
        return tenants;
    }

    public List<Keypair> providers() {
        return providers;
    }

    public List<Keypair> outsiders() {
        return outsiders;
    }

    public Keypair coordinator() {
        return coordinator;
    }

    public Keypair treasury() {
        return treasury;
    }

    public List<Keypair> everyone() {
        return List.copyOf(everyone);
    }

    /** The genesis of the generator's network, signed by the coordinator; it does not depend on the seed. */
    public SignedTx genesis() {
        List<Allocation> allocations = new ArrayList<>();
        tenants.forEach(t -> allocations.add(new Allocation(t.address(), 5_000 * GRID)));
        providers.forEach(p -> allocations.add(new Allocation(p.address(), 50 * GRID)));
        allocations.add(new Allocation(coordinator.address(), 10 * GRID));
        allocations.add(new Allocation(treasury.address(), 1_000_000 * GRID));
        return SignedTx.sign(coordinator, NETWORK_ID, 1,
                new Genesis(treasury.address(), coordinator.address(), PARAMS, allocations));
    }

    /** The next transaction for this state. */
    public SignedTx next(LedgerState state) {
        return nextLabelled(state).tx();
    }

    /** The next transaction for this state, with its intent. */
    public Generated nextLabelled(LedgerState state) {
        if (state.network().isEmpty()) {
            return new Generated("genesis", genesis());
        }
        var view = new View(state);
        Draft draft = draft(view);
        int envelope = random.nextInt(100);
        Generated generated;
        if (envelope < 3) {
            generated = badSignature(view, draft);
        } else if (envelope < 5) {
            generated = new Generated("envelope.wrongNetwork",
                    SignedTx.sign(draft.signer, OTHER_NETWORK_ID, view.nextNonce(draft.signer), draft.payload));
        } else if (envelope < 7) {
            generated = replay(view, draft);
        } else if (envelope < 9) {
            long skipped = view.nextNonce(draft.signer) + 1 + random.nextInt(4);
            generated = new Generated("envelope.skippedNonce",
                    SignedTx.sign(draft.signer, NETWORK_ID, skipped, draft.payload));
        } else {
            SignedTx tx = SignedTx.sign(draft.signer, NETWORK_ID, view.nextNonce(draft.signer), draft.payload);
            remember(tx);
            generated = new Generated(draft.intent, tx);
        }
        return generated;
    }

    // ---- the envelope ----

    private Generated badSignature(View view, Draft draft) {
        long nonce = view.nextNonce(draft.signer);
        SignedTx good = SignedTx.sign(draft.signer, NETWORK_ID, nonce, draft.payload);
        if (random.nextBoolean()) {
            byte[] signature = good.signature();
            signature[random.nextInt(signature.length)] ^= (byte) (1 << random.nextInt(8));
            return new Generated("envelope.flippedSignature",
                    new SignedTx(NETWORK_ID, draft.signer.address(), nonce, draft.payload, signature));
        }
        Keypair impostor = pick(everyone);
        if (impostor == draft.signer) {
            impostor = draft.signer == coordinator ? treasury : coordinator;
        }
        return new Generated("envelope.wrongSigner",
                new SignedTx(NETWORK_ID, impostor.address(), view.nextNonce(impostor), draft.payload, good.signature()));
    }

    private Generated replay(View view, Draft draft) {
        List<SignedTx> stale = new ArrayList<>();
        for (SignedTx old : recent) {
            if (old.nonce() < view.nextNonce(byAddress.get(old.signer()))) {
                stale.add(old);
            }
        }
        if (!stale.isEmpty() && random.nextInt(3) > 0) {
            return new Generated("envelope.replay", pick(stale));
        }
        long reused = Math.max(0, view.nextNonce(draft.signer) - 1 - random.nextInt(2));
        return new Generated("envelope.reusedNonce", SignedTx.sign(draft.signer, NETWORK_ID, reused, draft.payload));
    }

    private void remember(SignedTx tx) {
        recent.addLast(tx);
        if (recent.size() > RECENT) {
            recent.removeFirst();
        }
    }

    // ---- the payloads ----

    /** A signer and a payload, before the envelope decides nonce, network and signature. */
    private record Draft(String intent, Keypair signer, TxPayload payload) {}

    private Draft draft(View view) {
        // Lifecycle steps with nothing to act on are drawn rarely (and then go wrong on purpose),
        // so most of the stream moves jobs along rather than bouncing off empty queues.
        boolean queued = !view.queued.isEmpty();
        boolean leased = !view.leased.isEmpty();
        boolean completed = !view.completed.isEmpty();
        int[] weights = {
            3,                      // a second genesis
            120,                    // transfer
            35,                     // register
            35,                     // submit
            queued ? 150 : 20,      // assign
            leased ? 260 : 15,      // receipt
            leased ? 70 : 12,       // complete
            leased ? 60 : 8,        // release
            completed ? 130 : 20,   // settle
            queued ? 15 : 4,        // cancel
        };
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        int roll = random.nextInt(total);
        int action = 0;
        while (roll >= weights[action]) {
            roll -= weights[action++];
        }
        return switch (action) {
            case 0 -> new Draft("genesis.again", coordinator,
                    new Genesis(treasury.address(), coordinator.address(), PARAMS,
                            List.of(new Allocation(coordinator.address(), 1_000 * GRID))));
            case 1 -> transfer(view);
            case 2 -> register();
            case 3 -> submit(view);
            case 4 -> assign(view);
            case 5 -> receipt(view);
            case 6 -> complete(view);
            case 7 -> release(view);
            case 8 -> settle(view);
            default -> cancel(view);
        };
    }

    private Draft transfer(View view) {
        int who = random.nextInt(100);
        Keypair from = who < 55 ? pick(tenants) : who < 75 ? pick(providers) : who < 90 ? treasury
                : who < 95 ? coordinator : pick(outsiders);
        Keypair to = pick(everyone);
        long balance = view.state.account(from.address()).balance();
        int kind = random.nextInt(100);
        if (kind < 8) {
            long over = balance >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : balance + 1 + random.nextLong(balance + 1);
            return new Draft("transfer.overdraw", from, new Transfer(to.address(), over));
        }
        if (kind < 12) {
            return new Draft("transfer.zero", from, new Transfer(to.address(), 0));
        }
        if (kind < 15 && balance > 0) {
            return new Draft("transfer.everything", from, new Transfer(to.address(), balance));
        }
        long cap = Math.max(1, Math.min(balance, 200 * GRID));
        return new Draft("transfer", from, new Transfer(to.address(), 1 + random.nextLong(cap)));
    }

    private Draft register() {
        Keypair who = random.nextInt(10) == 0 ? pick(tenants) : pick(providers);
        boolean gpu = random.nextInt(5) > 0;
        var offer = new HardwareOffer(
                gpu ? DeviceClass.GPU : DeviceClass.CPU,
                gpu ? "NVIDIA RTX 4090" : "AMD EPYC 7763",
                gpu ? 1 + random.nextInt(8) : 1,
                gpu ? 24_564 : 0,
                1 + random.nextInt(64),
                1_024 + random.nextLong(512_000),
                pick(REGIONS),
                50_000 + random.nextLong(3_000_000));
        return new Draft("register", who, new RegisterProvider(offer));
    }

    private Draft submit(View view) {
        Keypair tenant = random.nextInt(10) == 0 ? pick(everyone) : pick(tenants);
        List<String> args = new ArrayList<>();
        for (int i = random.nextInt(4) / 2; i > 0; i--) {
            args.add("--arg" + random.nextInt(100));
        }
        var spec = new JobSpec(pick(WORKLOADS), args, 1 + random.nextInt(4), 30 + random.nextLong(3_600),
                200_000 + random.nextLong(3_300_000));
        long worst = spec.worstCaseCost();
        long balance = view.state.account(tenant.address()).balance();
        int kind = random.nextInt(100);
        if (kind < 7) {
            return new Draft("submit.escrowTooLow", tenant, new SubmitJob(spec, worst - 1 - random.nextLong(worst)));
        }
        if (kind < 12) {
            return new Draft("submit.beyondBalance", tenant, new SubmitJob(spec, Math.max(worst, balance + 1)));
        }
        if (kind < 22) {
            return new Draft("submit.exactEscrow", tenant, new SubmitJob(spec, worst));
        }
        return new Draft("submit", tenant, new SubmitJob(spec, worst + random.nextLong(worst / 2 + 1)));
    }

    private Draft assign(View view) {
        Keypair signer = random.nextInt(100) < 88 ? coordinator : pick(everyone);
        String intent = signer == coordinator ? "assign" : "assign.notCoordinator";
        Hash jobId;
        int which = random.nextInt(100);
        if (which < 78 && !view.queued.isEmpty()) {
            jobId = pick(view.queued).id();
        } else if (which < 92 && !view.all.isEmpty()) {
            jobId = pick(view.all).id();
            intent += ".anyJob";
        } else {
            jobId = randomHash();
            intent += ".unknownJob";
        }
        Address provider;
        int how = random.nextInt(100);
        if (how < 6) {
            provider = pick(outsiders).address();
            intent += ".unregistered";
        } else {
            List<Provider> fitting = new ArrayList<>();
            Job job = view.state.job(jobId).orElse(null);
            if (job != null) {
                for (Provider p : view.providers) {
                    if (p.offer().pricePerDeviceHour() <= job.spec().maxPricePerDeviceHour()
                            && p.offer().deviceCount() >= job.spec().devices()) {
                        fitting.add(p);
                    }
                }
            }
            if (how < 88 && !fitting.isEmpty()) {
                provider = pick(fitting).address();
            } else if (!view.providers.isEmpty()) {
                provider = pick(view.providers).address();
                intent += ".anyProvider";
            } else {
                provider = pick(providers).address();
            }
        }
        return new Draft(intent, signer, new AssignLease(jobId, provider));
    }

    private Draft release(View view) {
        Keypair signer = random.nextInt(100) < 90 ? coordinator : pick(everyone);
        String intent = signer == coordinator ? "release" : "release.notCoordinator";
        int which = random.nextInt(100);
        Job job;
        if (which < 45 && !view.leased.isEmpty()) {
            job = view.mostAttempted();
        } else if (which < 80 && !view.leased.isEmpty()) {
            job = pick(view.leased);
        } else if (which < 92 && !view.all.isEmpty()) {
            job = pick(view.all);
            intent += ".anyJob";
        } else {
            return new Draft(intent + ".unknownJob", signer, new ReleaseLease(randomHash(), 1, pick(REASONS)));
        }
        int attempt = job.attempts();
        if (random.nextInt(10) == 0) {
            attempt -= 1;
            intent += ".staleAttempt";
        }
        return new Draft(intent, signer, new ReleaseLease(job.id(), attempt, pick(REASONS)));
    }

    private Draft receipt(View view) {
        if (view.leased.isEmpty() || random.nextInt(100) < 8) {
            Job any = view.all.isEmpty() ? null : pick(view.all);
            Hash id = any == null || random.nextBoolean() ? randomHash() : any.id();
            return new Draft("receipt.notLeased", pick(providers), new UsageReceipt(id, 1, random.nextLong(60_000)));
        }
        Job job = pick(view.leased);
        Lease lease = job.lease().orElseThrow();
        String intent = "receipt";
        Keypair signer = holderOf(lease);
        if (random.nextInt(100) < 8) {
            signer = otherThan(signer);
            intent += ".notHolder";
        }
        int attempt = lease.attempt();
        if (random.nextInt(100) < 6) {
            attempt -= 1;
            intent += ".staleAttempt";
        }
        long limit = job.spec().maxSeconds() * 1000;
        long current = job.usageMillis();
        long usage;
        int kind = random.nextInt(100);
        if (kind < 7 && current > 0) {
            usage = random.nextLong(current);
            intent += ".decreasing";
        } else if (kind < 14) {
            usage = limit + 1 + random.nextLong(10_000);
            intent += ".aboveLimit";
        } else if (kind < 20) {
            usage = limit;
        } else {
            usage = current + random.nextLong(limit - current + 1);
        }
        return new Draft(intent, signer, new UsageReceipt(job.id(), attempt, usage));
    }

    private Draft complete(View view) {
        if (view.leased.isEmpty() || random.nextInt(100) < 8) {
            Hash id = view.all.isEmpty() || random.nextBoolean() ? randomHash() : pick(view.all).id();
            return new Draft("complete.notLeased", pick(providers), new CompleteJob(id, 1, randomHash()));
        }
        Job job = pick(view.leased);
        Lease lease = job.lease().orElseThrow();
        String intent = "complete";
        Keypair signer = holderOf(lease);
        if (random.nextInt(100) < 8) {
            signer = otherThan(signer);
            intent += ".notHolder";
        }
        int attempt = lease.attempt();
        if (random.nextInt(100) < 6) {
            attempt += random.nextBoolean() ? -1 : 1;
            intent += ".wrongAttempt";
        }
        return new Draft(intent, signer, new CompleteJob(job.id(), attempt, randomHash()));
    }

    private Draft settle(View view) {
        Keypair signer = random.nextInt(100) < 90 ? coordinator : pick(everyone);
        String intent = signer == coordinator ? "settle" : "settle.notCoordinator";
        int which = random.nextInt(100);
        Hash id;
        if (which < 82 && !view.completed.isEmpty()) {
            id = pick(view.completed).id();
        } else if (which < 90 && !view.settled.isEmpty()) {
            id = pick(view.settled).id();
            intent += ".twice";
        } else if (which < 96 && !view.all.isEmpty()) {
            id = pick(view.all).id();
            intent += ".anyJob";
        } else {
            id = randomHash();
            intent += ".unknownJob";
        }
        return new Draft(intent, signer, new SettleJob(id));
    }

    private Draft cancel(View view) {
        int which = random.nextInt(100);
        if (which < 65 && !view.queued.isEmpty()) {
            Job job = pick(view.queued);
            return new Draft("cancel", tenantOf(job), new CancelJob(job.id()));
        }
        if (which < 75 && !view.queued.isEmpty()) {
            Job job = pick(view.queued);
            return new Draft("cancel.notTenant", otherThan(tenantOf(job)), new CancelJob(job.id()));
        }
        if (which < 95 && !view.all.isEmpty()) {
            Job job = random.nextBoolean() && !view.leased.isEmpty() ? pick(view.leased) : pick(view.all);
            return new Draft("cancel.anyJob", tenantOf(job), new CancelJob(job.id()));
        }
        return new Draft("cancel.unknownJob", pick(tenants), new CancelJob(randomHash()));
    }

    // ---- helpers ----

    private Keypair holderOf(Lease lease) {
        Keypair holder = byAddress.get(lease.provider());
        if (holder == null) {
            throw new IllegalStateException("a lease is held outside the generator's population: " + lease.provider());
        }
        return holder;
    }

    private Keypair tenantOf(Job job) {
        Keypair tenant = byAddress.get(job.tenant());
        if (tenant == null) {
            throw new IllegalStateException("a job belongs to a tenant outside the generator's population: " + job.tenant());
        }
        return tenant;
    }

    private Keypair otherThan(Keypair keypair) {
        Keypair other = pick(everyone);
        return other == keypair ? (keypair == coordinator ? treasury : coordinator) : other;
    }

    private Hash randomHash() {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return new Hash(bytes);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private <T> T pick(T[] array) {
        return array[random.nextInt(array.length)];
    }

    /** The jobs and providers of a state, sorted by status once per transaction. */
    private static final class View {
        final LedgerState state;
        final List<Job> all = new ArrayList<>();
        final List<Job> queued = new ArrayList<>();
        final List<Job> leased = new ArrayList<>();
        final List<Job> completed = new ArrayList<>();
        final List<Job> settled = new ArrayList<>();
        final List<Provider> providers;

        View(LedgerState state) {
            this.state = state;
            for (Job job : state.jobs().values()) {
                all.add(job);
                switch (job.status()) {
                    case QUEUED -> queued.add(job);
                    case LEASED -> leased.add(job);
                    case COMPLETED -> completed.add(job);
                    case SETTLED -> settled.add(job);
                    case CANCELLED, FAILED -> { }
                }
            }
            this.providers = List.copyOf(state.providers().values());
        }

        long nextNonce(Keypair signer) {
            return state.account(signer.address()).nonce() + 1;
        }

        Job mostAttempted() {
            Job most = leased.getFirst();
            for (Job job : leased) {
                if (job.attempts() > most.attempts()) {
                    most = job;
                }
            }
            return most;
        }
    }
}
