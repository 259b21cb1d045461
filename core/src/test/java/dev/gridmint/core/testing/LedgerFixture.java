package dev.gridmint.core.testing;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.OpenPartnerPool;
import dev.gridmint.core.tx.TxPayload.ProposeParams;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Tick;
import dev.gridmint.core.tx.TxPayload.TransferPartnerToken;
import dev.gridmint.core.tx.TxPayload.Unbond;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small, mutable driver around the immutable ledger for tests: it makes a genesis, holds
 * the current {@link LedgerState}, signs transactions with the next nonce of each signer, and
 * applies them, failing loudly when a transaction the test expects to pass is refused.
 *
 * <pre>{@code
 * var ledger = LedgerFixture.standard();          // price reported, tenants hold credits
 * ledger.register(PROVIDER_1, gpuOffer(4, CC));     // registers and bonds the stake the offer needs
 * Hash job = ledger.submit(ALICE, LedgerFixture.spec(1, 600, CC));
 * ledger.apply(ledger.coordinator(), new AssignLease(job, PROVIDER_1.address()));
 * ledger.advance(60);                               // a clock tick, and a fresh price
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
    /** One compute credit (1 USD) in base units (micro-CC). */
    public static final long CC = 1_000_000L;
    /** The oracle price the fixture reports: 1 USD per GRID, in micro-USD, so 1 CC buys about 1 GRID. */
    public static final long PRICE = 1_000_000L;
    /** Unix seconds at genesis. */
    public static final long GENESIS_TIME = 1_700_000_000L;
    public static final String NETWORK_ID = "gridmint-test";

    public static final Keypair TREASURY = TestKeys.of("treasury");
    public static final Keypair COORDINATOR = TestKeys.of("coordinator");
    public static final Keypair ORACLE = TestKeys.of("oracle");
    public static final Keypair COUNCIL_1 = TestKeys.of("council-1");
    public static final Keypair COUNCIL_2 = TestKeys.of("council-2");
    public static final Keypair COUNCIL_3 = TestKeys.of("council-3");
    public static final Keypair ALICE = TestKeys.of("alice");
    public static final Keypair BOB = TestKeys.of("bob");
    public static final Keypair CAROL = TestKeys.of("carol");
    public static final Keypair FOUNDER = TestKeys.of("founder");
    public static final Keypair PROVIDER_1 = TestKeys.of("provider-1");
    public static final Keypair PROVIDER_2 = TestKeys.of("provider-2");

    /** GRID each tenant of {@link #standard()} holds at genesis. */
    public static final long TENANT_GRID = 10_000 * GRID;
    /** Credits each tenant of {@link #standard()} mints right after genesis. */
    public static final long TENANT_CREDITS = 1_000 * CC;
    /** GRID each provider of {@link #standard()} holds at genesis: enough to stake eight GPUs twice over. */
    public static final long PROVIDER_GRID = 20_000 * GRID;
    /** The founder's grant in {@link #standard()}: vesting over a year after a 30-day cliff. */
    public static final long FOUNDER_GRANT = 1_000_000 * GRID;
    public static final long FOUNDER_CLIFF = 30L * 24 * 3600;
    public static final long FOUNDER_VESTING = 365L * 24 * 3600;

    private final String networkId;
    private final Keypair treasury;
    private final Keypair coordinator;
    private final NetworkParams genesisParams;
    private final SignedTx genesisTx;
    private final LedgerState genesisState;
    private final Map<Address, Long> lastIssuedNonce = new HashMap<>();
    private final List<SignedTx> log = new ArrayList<>();
    private final Map<JobStatus, Hash> jobsByStatus = new EnumMap<>(JobStatus.class);
    private LedgerState state;
    private Hash openProposal;

    private LedgerFixture(Builder builder) {
        this.networkId = builder.networkId;
        this.treasury = builder.treasury;
        this.coordinator = builder.coordinator;
        this.genesisParams = builder.params;
        var genesis = new Genesis(treasury.address(), coordinator.address(), genesisParams, builder.genesisTime,
                builder.allocations);
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
     * The default parameters of the test network: the defaults with a council of three (2 of 3)
     * and one oracle reporter, {@link #ORACLE}.
     */
    public static NetworkParams defaultParams() {
        return NetworkParams.defaults(List.of(COUNCIL_1.address(), COUNCIL_2.address(), COUNCIL_3.address()),
                List.of(ORACLE.address()));
    }

    /**
     * The default test network, ready for jobs: alice, bob and carol hold 10,000 GRID each and
     * have minted 1,000 CC each; the oracle has reported {@link #PRICE} at the current time; the
     * two providers hold 20,000 GRID each (not yet registered: {@link #register} registers and
     * stakes); the treasury holds 1,000,000 GRID; the founder has a vesting grant. Default
     * parameters: 5% fee, 3 attempts, 24 h epochs, a 2-of-3 council.
     */
    public static LedgerFixture standard() {
        return standardBuilder().build().withPriceAndCredits();
    }

    /** The builder behind {@link #standard()}, for variations; build it, then call {@link #withPriceAndCredits}. */
    public static Builder standardBuilder() {
        return builder()
                .fund(ALICE, TENANT_GRID)
                .fund(BOB, TENANT_GRID)
                .fund(CAROL, TENANT_GRID)
                .fund(PROVIDER_1, PROVIDER_GRID)
                .fund(PROVIDER_2, PROVIDER_GRID)
                .fund(TREASURY, 1_000_000 * GRID)
                .vest(FOUNDER, FOUNDER_GRANT, FOUNDER_CLIFF, FOUNDER_VESTING);
    }

    /** Reports {@link #PRICE} now and has alice, bob and carol mint {@link #TENANT_CREDITS} each. */
    public LedgerFixture withPriceAndCredits() {
        reportPrice(PRICE);
        for (Keypair tenant : List.of(ALICE, BOB, CAROL)) {
            mintCredits(tenant, TENANT_CREDITS);
        }
        return this;
    }

    /**
     * The standard network with two staked providers, a job in every status (queued, leased,
     * completed, settled, cancelled, failed, overdrawn; each id is in {@link #jobsByStatus()}), a
     * closed epoch, a checker with delegations, provider and delegation stake unbonding, an open
     * council proposal, a price report and a vesting grant: an entry in every table of the state.
     */
    public static LedgerFixture populated() {
        var ledger = standard();
        ledger.register(PROVIDER_1, gpuOffer(4, CC));
        ledger.register(PROVIDER_2, gpuOffer(8, 2 * CC));
        Keypair coordinator = ledger.coordinator();

        // Overdrawn: a two-day job whose escrow covers the minimum runway (a day) only.
        JobSpec long_ = spec(2, 2 * 24 * 3600, 2 * CC);
        Hash overdrawn = ledger.submit(CAROL, long_, 96 * CC);
        ledger.apply(coordinator, new AssignLease(overdrawn, PROVIDER_2.address()));
        ledger.advance(25 * 3600);
        ledger.apply(PROVIDER_2, new UsageReceipt(overdrawn, 1, 1_000));
        ledger.closeEpoch();

        JobSpec spec = new JobSpec("train-names", List.of("--epochs", "2"), 2, 3_600, 2 * CC);
        Hash queued = ledger.submit(ALICE, spec);

        Hash leased = ledger.submit(ALICE, spec, spec.worstCaseCost() + 123);
        ledger.apply(coordinator, new AssignLease(leased, PROVIDER_1.address()));
        ledger.advance(60);
        ledger.apply(PROVIDER_1, new UsageReceipt(leased, 1, 60_000));

        Hash completed = ledger.submit(BOB, spec);
        ledger.apply(coordinator, new AssignLease(completed, PROVIDER_2.address()));
        ledger.advance(120);
        ledger.apply(PROVIDER_2, new UsageReceipt(completed, 1, 120_000));
        ledger.apply(PROVIDER_2, new CompleteJob(completed, 1, Hash.sha256(new byte[] {1})));

        Hash settled = ledger.submit(BOB, spec);
        ledger.apply(coordinator, new AssignLease(settled, PROVIDER_1.address()));
        ledger.advance(1_800);
        ledger.apply(PROVIDER_1, new UsageReceipt(settled, 1, 1_800_001));
        ledger.apply(PROVIDER_1, new CompleteJob(settled, 1, Hash.sha256(new byte[] {2})));
        ledger.apply(coordinator, new SettleJob(settled));

        Hash cancelled = ledger.submit(CAROL, spec);
        ledger.apply(CAROL, new CancelJob(cancelled));

        Hash failed = ledger.submit(CAROL, spec);
        for (int attempt = 1; attempt <= ledger.params().maxJobAttempts(); attempt++) {
            ledger.apply(coordinator, new AssignLease(failed, PROVIDER_2.address()));
            ledger.apply(coordinator, new ReleaseLease(failed, attempt, "provider lost", 0));
        }

        // A checker (carol) backed by her own and bob's stake; some of it, and some provider stake, unbonding.
        ledger.apply(CAROL, new RegisterChecker());
        ledger.apply(CAROL, new Delegate(CAROL.address(), 100 * GRID));
        ledger.apply(BOB, new Delegate(CAROL.address(), 50 * GRID));
        ledger.apply(BOB, new Unbond(Optional.of(CAROL.address()), 10 * GRID));
        ledger.apply(PROVIDER_1, new BondProviderStake(5 * GRID));
        ledger.apply(PROVIDER_1, new Unbond(Optional.empty(), 5 * GRID));

        // A partner pool streaming its token to carol's delegators; bob claims some and passes part to alice.
        ledger.apply(COUNCIL_3, new OpenPartnerPool("CARV", 1_000_000, 3_600));
        ledger.advance(600);
        ledger.apply(BOB, new ClaimRewards(List.of(CAROL.address())));
        ledger.apply(BOB, new TransferPartnerToken("CARV", ALICE.address(), 1));

        // An open proposal: one approval of the two needed.
        SignedTx propose = ledger.signed(COUNCIL_1, new ProposeParams(ledger.params().withMaxJobAttempts(5)));
        ledger.apply(propose);
        ledger.openProposal = propose.hash();

        ledger.jobsByStatus.put(JobStatus.QUEUED, queued);
        ledger.jobsByStatus.put(JobStatus.LEASED, leased);
        ledger.jobsByStatus.put(JobStatus.COMPLETED, completed);
        ledger.jobsByStatus.put(JobStatus.SETTLED, settled);
        ledger.jobsByStatus.put(JobStatus.CANCELLED, cancelled);
        ledger.jobsByStatus.put(JobStatus.FAILED, failed);
        ledger.jobsByStatus.put(JobStatus.OVERDRAWN, overdrawn);
        for (var entry : ledger.jobsByStatus.entrySet()) {
            if (ledger.job(entry.getValue()).status() != entry.getKey()) {
                throw new AssertionError("the populated ledger's " + entry.getKey() + " job is " + ledger.job(entry.getValue()).status());
            }
        }
        return ledger;
    }

    /** For {@link #populated()}: the id of its open council proposal. */
    public Hash openProposal() {
        return openProposal;
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

    /** The parameters in force now: genesis's, unless a proposal changed them. */
    public NetworkParams params() {
        return state.network().map(network -> network.params()).orElse(genesisParams);
    }

    /** The parameters genesis set. */
    public NetworkParams genesisParams() {
        return genesisParams;
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

    /** Micro-CC the account holds. */
    public long credits(Keypair keypair) {
        return state.account(keypair.address()).credits();
    }

    /** Ledger time. */
    public long now() {
        return state.now();
    }

    public Provider provider(Keypair keypair) {
        return state.provider(keypair.address()).orElseThrow(() -> new AssertionError("no provider " + keypair));
    }

    /** Fails when the supply audit finds a broken invariant. */
    public void audit() {
        var problems = SupplyAudit.problems(state);
        if (!problems.isEmpty()) {
            throw new AssertionError("the supply audit failed: " + problems);
        }
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

    /** Registers (or re-registers) a provider with the offer and bonds whatever more stake the offer needs. */
    public void register(Keypair provider, HardwareOffer offer) {
        registerUnstaked(provider, offer);
        Provider registered = provider(provider);
        long missing = registered.requiredStake(params().staking()) - registered.bonded();
        if (missing > 0) {
            apply(provider, new BondProviderStake(missing));
        }
    }

    /** Registers (or re-registers) a provider with the offer, bonding nothing. */
    public void registerUnstaked(Keypair provider, HardwareOffer offer) {
        apply(provider, new RegisterProvider(offer));
    }

    /** The coordinator moves ledger time to {@code time}. */
    public void tickTo(long time) {
        apply(coordinator, new Tick(time));
    }

    /** The coordinator moves ledger time on by {@code seconds}; the price is not refreshed. */
    public void tick(long seconds) {
        tickTo(now() + seconds);
    }

    /** Moves ledger time on by {@code seconds}, then the oracle reports {@link #PRICE} again so the price stays fresh. */
    public void advance(long seconds) {
        tick(seconds);
        reportPrice(PRICE);
    }

    /** The oracle reports {@code price}, observed now. */
    public void reportPrice(long price) {
        apply(ORACLE, new ReportPrice(price, now()));
    }

    /** The tenant burns GRID for {@code credits} micro-CC, accepting any cost. */
    public void mintCredits(Keypair tenant, long credits) {
        apply(tenant, new MintCredits(credits, Long.MAX_VALUE));
    }

    /** Ticks to the end of the open epoch (if it is not there yet) and closes it; returns the closed epoch. */
    public long closeEpoch() {
        var clock = state.clock();
        long end = clock.epochEnd(params().emission().epochSeconds());
        if (now() < end) {
            tickTo(end);
            reportPrice(PRICE);
        }
        apply(coordinator, new CloseEpoch(clock.epoch()));
        return clock.epoch();
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
        private NetworkParams params = defaultParams();
        private long genesisTime = GENESIS_TIME;
        private final List<Allocation> allocations = new ArrayList<>();

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

        public Builder genesisTime(long genesisTime) {
            this.genesisTime = genesisTime;
            return this;
        }

        public Builder protocolFeeBps(int feeBps) {
            CreditParams c = params.credits();
            this.params = params.withCredits(new CreditParams(c.spreadBps(), feeBps, c.warnRatioBps(), c.haltRatioBps(),
                    c.minRunwaySeconds()));
            return this;
        }

        public Builder minRunwaySeconds(long seconds) {
            CreditParams c = params.credits();
            this.params = params.withCredits(new CreditParams(c.spreadBps(), c.protocolFeeBps(), c.warnRatioBps(),
                    c.haltRatioBps(), seconds));
            return this;
        }

        public Builder epochSeconds(long seconds) {
            this.params = params.withEmission(params.emission().withEpochSeconds(seconds));
            return this;
        }

        public Builder staking(StakingParams staking) {
            this.params = params.withStaking(staking);
            return this;
        }

        public Builder maxJobAttempts(int attempts) {
            this.params = params.withMaxJobAttempts(attempts);
            return this;
        }

        /** Allocates {@code amount} liquid at genesis; funding one account twice makes two allocations that add up. */
        public Builder fund(Keypair account, long amount) {
            return fund(account.address(), amount);
        }

        public Builder fund(Address account, long amount) {
            allocations.add(Allocation.liquid(account, amount));
            return this;
        }

        /** A genesis grant vesting from the genesis time: nothing before the cliff, all of it after {@code vestingSeconds}. */
        public Builder vest(Keypair account, long amount, long cliffSeconds, long vestingSeconds) {
            allocations.add(new Allocation(account.address(), amount, cliffSeconds, vestingSeconds));
            return this;
        }

        public LedgerFixture build() {
            return new LedgerFixture(this);
        }
    }
}
