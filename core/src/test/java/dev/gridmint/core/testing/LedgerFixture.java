package dev.gridmint.core.testing;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkParams;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, mutable driver around the immutable ledger for tests: it makes a genesis, holds
 * the current {@link LedgerState}, signs transactions with the next nonce of each signer, and
 * applies them, failing loudly when a transaction the test expects to pass is refused.
 *
 * <pre>{@code
 * var ledger = LedgerFixture.standard();
 * Hash job = ledger.submit(LedgerFixture.ALICE, LedgerFixture.spec(1, 600, 1_000_000));
 * ledger.apply(ledger.coordinator(), new AssignLease(job, provider.address()));
 * }</pre>
 *
 * <p>Nonces: {@link #signed} hands out the signer's ledger nonce + 1, or one more than the
 * last nonce it handed out if that is higher, so several transactions can be signed before
 * any is applied. When {@link #tryApply} sees the last handed-out nonce refused, it takes the
 * reservation back, so sign-then-apply sequences stay in step after a refusal.
 */
public final class LedgerFixture {

    /** One GRID in base units (micro-GRID). */
    public static final long GRID = 1_000_000L;
    public static final String NETWORK_ID = "gridmint-test";

    public static final Keypair TREASURY = TestKeys.of("treasury");
    public static final Keypair COORDINATOR = TestKeys.of("coordinator");
    public static final Keypair ALICE = TestKeys.of("alice");
    public static final Keypair BOB = TestKeys.of("bob");
    public static final Keypair CAROL = TestKeys.of("carol");
    public static final Keypair PROVIDER_1 = TestKeys.of("provider-1");
    public static final Keypair PROVIDER_2 = TestKeys.of("provider-2");

    private final String networkId;
    private final Keypair treasury;
    private final Keypair coordinator;
    private final NetworkParams params;
    private final SignedTx genesisTx;
    private final LedgerState genesisState;
    private final Map<Address, Long> lastIssuedNonce = new HashMap<>();
    private final List<SignedTx> log = new ArrayList<>();
    private final Map<JobStatus, Hash> jobsByStatus = new EnumMap<>(JobStatus.class);
    private LedgerState state;

    private LedgerFixture(Builder builder) {
        this.networkId = builder.networkId;
        this.treasury = builder.treasury;
        this.coordinator = builder.coordinator;
        this.params = builder.params;
        List<Allocation> allocations = new ArrayList<>();
        builder.allocations.forEach((address, amount) -> allocations.add(new Allocation(address, amount)));
        var genesis = new Genesis(treasury.address(), coordinator.address(), params, allocations);
        this.genesisTx = SignedTx.sign(builder.genesisSigner == null ? coordinator : builder.genesisSigner,
                networkId, 1, genesis);
        this.genesisState = applyOrFail(LedgerState.empty(), genesisTx);
        this.state = genesisState;
        this.log.add(genesisTx);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The default test network: alice, bob and carol hold 1,000 GRID each, the two providers
     * 10 GRID each, the treasury 1,000,000 GRID; default parameters (5% fee, 3 attempts).
     */
    public static LedgerFixture standard() {
        return builder()
                .fund(ALICE, 1_000 * GRID)
                .fund(BOB, 1_000 * GRID)
                .fund(CAROL, 1_000 * GRID)
                .fund(PROVIDER_1, 10 * GRID)
                .fund(PROVIDER_2, 10 * GRID)
                .fund(TREASURY, 1_000_000 * GRID)
                .build();
    }

    /**
     * The standard network with two registered providers and a job in every status: queued,
     * leased (with a receipt), completed, settled, cancelled and failed. Each job id is in
     * {@link #jobsByStatus()}. Useful wherever a realistic, populated state is needed.
     */
    public static LedgerFixture populated() {
        var ledger = standard();
        ledger.register(PROVIDER_1, gpuOffer(4, 1_000_000));
        ledger.register(PROVIDER_2, gpuOffer(8, 2_000_000));
        JobSpec spec = new JobSpec("train-names", List.of("--epochs", "2"), 2, 3_600, 2_000_000);
        Keypair coordinator = ledger.coordinator();

        Hash queued = ledger.submit(ALICE, spec);

        Hash leased = ledger.submit(ALICE, spec, spec.worstCaseCost() + 123);
        ledger.apply(coordinator, new AssignLease(leased, PROVIDER_1.address()));
        ledger.apply(PROVIDER_1, new UsageReceipt(leased, 1, 60_000));

        Hash completed = ledger.submit(BOB, spec);
        ledger.apply(coordinator, new AssignLease(completed, PROVIDER_2.address()));
        ledger.apply(PROVIDER_2, new UsageReceipt(completed, 1, 120_000));
        ledger.apply(PROVIDER_2, new CompleteJob(completed, 1, Hash.sha256(new byte[] {1})));

        Hash settled = ledger.submit(BOB, spec);
        ledger.apply(coordinator, new AssignLease(settled, PROVIDER_1.address()));
        ledger.apply(PROVIDER_1, new UsageReceipt(settled, 1, 1_800_001));
        ledger.apply(PROVIDER_1, new CompleteJob(settled, 1, Hash.sha256(new byte[] {2})));
        ledger.apply(coordinator, new SettleJob(settled));

        Hash cancelled = ledger.submit(CAROL, spec);
        ledger.apply(CAROL, new CancelJob(cancelled));

        Hash failed = ledger.submit(CAROL, spec);
        for (int attempt = 1; attempt <= ledger.params().maxJobAttempts(); attempt++) {
            ledger.apply(coordinator, new AssignLease(failed, PROVIDER_2.address()));
            ledger.apply(coordinator, new ReleaseLease(failed, attempt, "provider lost"));
        }

        ledger.jobsByStatus.put(JobStatus.QUEUED, queued);
        ledger.jobsByStatus.put(JobStatus.LEASED, leased);
        ledger.jobsByStatus.put(JobStatus.COMPLETED, completed);
        ledger.jobsByStatus.put(JobStatus.SETTLED, settled);
        ledger.jobsByStatus.put(JobStatus.CANCELLED, cancelled);
        ledger.jobsByStatus.put(JobStatus.FAILED, failed);
        for (var entry : ledger.jobsByStatus.entrySet()) {
            if (ledger.job(entry.getValue()).status() != entry.getKey()) {
                throw new AssertionError("the populated ledger's " + entry.getKey() + " job is " + ledger.job(entry.getValue()).status());
            }
        }
        return ledger;
    }

    /** For {@link #populated()}: the id of its job in each status; empty for other fixtures. */
    public Map<JobStatus, Hash> jobsByStatus() {
        return Collections.unmodifiableMap(jobsByStatus);
    }

    // ---- what genesis fixed ----

    public String networkId() {
        return networkId;
    }

    public Keypair treasury() {
        return treasury;
    }

    public Keypair coordinator() {
        return coordinator;
    }

    public NetworkParams params() {
        return params;
    }

    public SignedTx genesisTx() {
        return genesisTx;
    }

    public LedgerState genesisState() {
        return genesisState;
    }

    // ---- the current ledger ----

    public LedgerState state() {
        return state;
    }

    /** Every accepted transaction so far, genesis first: the log that replays to {@link #state()}. */
    public List<SignedTx> log() {
        return List.copyOf(log);
    }

    public long balance(Keypair keypair) {
        return balance(keypair.address());
    }

    public long balance(Address address) {
        return state.account(address).balance();
    }

    public long nonce(Keypair keypair) {
        return state.account(keypair.address()).nonce();
    }

    public Job job(Hash id) {
        return state.job(id).orElseThrow(() -> new AssertionError("no job " + id));
    }

    // ---- signing ----

    /** Signs for this network with the signer's next nonce. */
    public SignedTx signed(Keypair signer, TxPayload payload) {
        return SignedTx.sign(signer, networkId, reserveNonce(signer), payload);
    }

    /** Signs with an explicit nonce; reserves nothing. */
    public SignedTx signedWithNonce(Keypair signer, long nonce, TxPayload payload) {
        return SignedTx.sign(signer, networkId, nonce, payload);
    }

    /** Signs for another network with the signer's next nonce, as if the signer had the wrong network configured. */
    public SignedTx signedOn(String otherNetworkId, Keypair signer, TxPayload payload) {
        return SignedTx.sign(signer, otherNetworkId, reserveNonce(signer), payload);
    }

    private long reserveNonce(Keypair signer) {
        long onLedger = state.account(signer.address()).nonce();
        long next = Math.max(onLedger, lastIssuedNonce.getOrDefault(signer.address(), 0L)) + 1;
        lastIssuedNonce.put(signer.address(), next);
        return next;
    }

    // ---- applying ----

    /** Applies the transaction to the current state; on success the state and log move on. */
    public ApplyResult tryApply(SignedTx tx) {
        ApplyResult result = StateTransition.apply(state, tx);
        switch (result) {
            case Applied applied -> {
                state = applied.state();
                log.add(tx);
            }
            case Rejected ignored -> {
                Long last = lastIssuedNonce.get(tx.signer());
                if (last != null && last == tx.nonce()) {
                    lastIssuedNonce.put(tx.signer(), tx.nonce() - 1);
                }
            }
        }
        return result;
    }

    /** Applies a transaction that must be accepted; throws {@link AssertionError} with the refusal otherwise. */
    public LedgerState apply(SignedTx tx) {
        if (tryApply(tx) instanceof Rejected rejected) {
            throw new AssertionError("expected " + tx + " to apply, but it was rejected: "
                    + rejected.error() + ": " + rejected.message());
        }
        return state;
    }

    /** Signs with the next nonce and applies; the transaction must be accepted. */
    public LedgerState apply(Keypair signer, TxPayload payload) {
        return apply(signed(signer, payload));
    }

    /**
     * Applies a transaction that must be refused, checks that the state (and so its root) did
     * not change, and returns the refusal.
     */
    public Rejected reject(SignedTx tx) {
        LedgerState before = state;
        Hash rootBefore = before.root();
        ApplyResult result = tryApply(tx);
        if (!(result instanceof Rejected rejected)) {
            throw new AssertionError("expected " + tx + " to be rejected, but it applied");
        }
        if (state != before || !state.root().equals(rootBefore)) {
            throw new AssertionError("a rejected transaction changed the state");
        }
        return rejected;
    }

    /** Signs with the next nonce, expects a refusal, and returns its error code. */
    public TxError reject(Keypair signer, TxPayload payload) {
        return reject(signed(signer, payload)).error();
    }

    // ---- common steps ----

    /** Registers (or re-registers) a provider with the offer. */
    public void register(Keypair provider, HardwareOffer offer) {
        apply(provider, new RegisterProvider(offer));
    }

    /** Submits a job with exactly its worst-case escrow; returns the job id. */
    public Hash submit(Keypair tenant, JobSpec spec) {
        return submit(tenant, spec, spec.worstCaseCost());
    }

    /** Submits a job with the given escrow; returns the job id (the submitting transaction's hash). */
    public Hash submit(Keypair tenant, JobSpec spec, long escrow) {
        SignedTx tx = signed(tenant, new SubmitJob(spec, escrow));
        apply(tx);
        return tx.hash();
    }

    // ---- values ----

    /** A spec without arguments for the {@code test-workload}. */
    public static JobSpec spec(int devices, long maxSeconds, long maxPricePerDeviceHour) {
        return new JobSpec("test-workload", List.of(), devices, maxSeconds, maxPricePerDeviceHour);
    }

    /** A GPU offer: H100s, 80 GB each, in {@code test-region}. */
    public static HardwareOffer gpuOffer(int deviceCount, long pricePerDeviceHour) {
        return new HardwareOffer(DeviceClass.GPU, "NVIDIA H100 80GB HBM3", deviceCount, 81_559, 32, 256_000,
                "test-region", pricePerDeviceHour);
    }

    /** Applies a transaction that must be accepted to a given state. */
    public static LedgerState applyOrFail(LedgerState state, SignedTx tx) {
        return switch (StateTransition.apply(state, tx)) {
            case Applied applied -> applied.state();
            case Rejected rejected -> throw new AssertionError(
                    "expected " + tx + " to apply, but it was rejected: " + rejected.error() + ": " + rejected.message());
        };
    }

    /** Replays a log from the empty ledger; every transaction must be accepted. */
    public static LedgerState replay(List<SignedTx> log) {
        LedgerState replayed = LedgerState.empty();
        for (SignedTx tx : log) {
            replayed = applyOrFail(replayed, tx);
        }
        return replayed;
    }

    /** Builds a fixture; every setting has a default, and no account is funded unless asked. */
    public static final class Builder {
        private String networkId = NETWORK_ID;
        private Keypair treasury = TREASURY;
        private Keypair coordinator = COORDINATOR;
        private Keypair genesisSigner;
        private NetworkParams params = NetworkParams.DEFAULTS;
        private final Map<Address, Long> allocations = new LinkedHashMap<>();

        private Builder() {}

        public Builder networkId(String networkId) {
            this.networkId = networkId;
            return this;
        }

        public Builder treasury(Keypair treasury) {
            this.treasury = treasury;
            return this;
        }

        public Builder coordinator(Keypair coordinator) {
            this.coordinator = coordinator;
            return this;
        }

        /** Who signs genesis; the coordinator unless set. */
        public Builder genesisSigner(Keypair signer) {
            this.genesisSigner = signer;
            return this;
        }

        public Builder params(NetworkParams params) {
            this.params = params;
            return this;
        }

        public Builder protocolFeeBps(int feeBps) {
            this.params = params.withProtocolFeeBps(feeBps);
            return this;
        }

        public Builder maxJobAttempts(int attempts) {
            this.params = params.withMaxJobAttempts(attempts);
            return this;
        }

        /** Allocates {@code amount} at genesis; funding one account twice adds up. */
        public Builder fund(Keypair account, long amount) {
            return fund(account.address(), amount);
        }

        public Builder fund(Address account, long amount) {
            allocations.merge(account, amount, Math::addExact);
            return this;
        }

        public LedgerFixture build() {
            return new LedgerFixture(this);
        }
    }
}
