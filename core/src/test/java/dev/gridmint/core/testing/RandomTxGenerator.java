package dev.gridmint.core.testing;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.economics.Slashing.SlashTerms;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.EmissionParams;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.params.TokenParams;
import dev.gridmint.core.params.VerificationParams;
import dev.gridmint.core.state.Checker;
import dev.gridmint.core.state.Delegation;
import dev.gridmint.core.state.DelegationKey;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.PriceReport;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Proposal;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Unbonding;
import dev.gridmint.core.state.VerdictKey;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.InferenceRules;
import dev.gridmint.core.transition.StateTransition;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.*;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A seeded stream of transactions of every type over a small, fixed population: six tenants,
 * four providers, three checker operators (a quorum to prove a lie), two vesting grantees, three oracle reporters, a
 * council of three (2 of 3), two outsiders (who hold nothing and never register), the
 * coordinator and the treasury. It peeks at the state it is given to make most transactions
 * plausible, so jobs walk their whole life, the clock ticks, epochs close when due, prices are
 * reported (sometimes stale or far off), stake is bonded, delegated, unbonded, withdrawn and
 * slashed, and proposals are made and approved. It mixes in wrong ones on purpose: wrong
 * signers, too large amounts, unknown ids, wrong states, and a share of broken envelopes (bad
 * signatures, the wrong network, replayed or skipped nonces).
 *
 * <p>The same seed and the same sequence of states give the same transactions: it uses only a
 * seeded {@link java.util.Random} and never reads the clock.
 */
public final class RandomTxGenerator {

    public static final String NETWORK_ID = "gridmint-prop";
    public static final String OTHER_NETWORK_ID = "gridmint-elsewhere";
    public static final long GRID = LedgerFixture.GRID;
    public static final long CC = LedgerFixture.CC;
    public static final long GENESIS_TIME = 1_750_000_000L;
    /** The price the reporters circle around: 1 USD per GRID. */
    public static final long BASE_PRICE = 1_000_000L;

    /** Hour-long epochs, so a long run crosses dozens of them. */
    public static final long EPOCH_SECONDS = 3_600;

    private static final String[] WORKLOADS = {"train-names", "matmul-bench", "embed", "infer-llm"};
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
    private static final String[] REASONS = {"provider lost", "heartbeat timeout", "preempted", ""};
    private static final int RECENT = 256;

    /** A transaction and what the generator meant by it, such as {@code transfer.overdraw}. */
    public record Generated(String intent, SignedTx tx) {}

    /** The error codes a long enough stream is meant to provoke; the rest cannot be reached from a fixed genesis. */
    public static final Set<TxError> AIMED_ERRORS = Collections.unmodifiableSet(EnumSet.complementOf(EnumSet.of(
            TxError.MALFORMED, TxError.NO_GENESIS, TxError.SUPPLY_OVERFLOW, TxError.CIRCUIT_BREAKER)));

    /** Every job status is meant to be reached. */
    public static final Set<JobStatus> AIMED_STATUSES = Collections.unmodifiableSet(EnumSet.allOf(JobStatus.class));

    private final Random random;
    private final List<Keypair> tenants = TestKeys.of("prop-tenant", 6);
    private final List<Keypair> providers = TestKeys.of("prop-provider", 4);
    private final List<Keypair> operators = TestKeys.of("prop-checker", 3);
    private final List<Keypair> grantees = TestKeys.of("prop-grantee", 2);
    private final List<Keypair> reporters = TestKeys.of("prop-oracle", 3);
    private final List<Keypair> council = TestKeys.of("prop-council", 3);
    private final List<Keypair> outsiders = TestKeys.of("prop-outsider", 2);
    /** Partners issuing their own tokens into reward pools: the first issues CARV, the second GAME. */
    private final List<Keypair> partners = TestKeys.of("prop-partner", 2);
    private static final String[] PARTNER_TOKENS = {"CARV", "GAME"};
    private final Keypair coordinator = TestKeys.of("prop-coordinator");
    private final Keypair treasury = TestKeys.of("prop-treasury");
    private final List<Keypair> everyone = new ArrayList<>();
    private final List<Keypair> stakers = new ArrayList<>();
    private final Map<Address, Keypair> byAddress = new HashMap<>();
    private final ArrayDeque<SignedTx> recent = new ArrayDeque<>();

    /** Jobs the generator saw created and not yet closed; checked against each new state. */
    private final LinkedHashSet<Hash> openJobs = new LinkedHashSet<>();
    private final ArrayDeque<Hash> closedJobs = new ArrayDeque<>();
    private final ArrayDeque<Hash> proposals = new ArrayDeque<>();
    /** What the last transaction would create (a job or a proposal), to look for in the next state. */
    private SignedTx pending;
    private long lastPrice = BASE_PRICE;

    public RandomTxGenerator(long seed) {
        this.random = new Random(seed);
        everyone.addAll(tenants);
        everyone.addAll(providers);
        everyone.addAll(operators);
        everyone.addAll(grantees);
        everyone.addAll(reporters);
        everyone.addAll(council);
        everyone.addAll(outsiders);
        everyone.addAll(partners);
        everyone.add(coordinator);
        everyone.add(treasury);
        everyone.forEach(k -> byAddress.put(k.address(), k));
        stakers.addAll(tenants);
        stakers.addAll(operators);
        stakers.addAll(grantees);
    }

    /** The parameters of the generator's network: short epochs, unbonding and proposals, so all of them finish in a run. */
    public NetworkParams params() {
        var defaults = NetworkParams.defaults(council.stream().map(Keypair::address).toList(),
                reporters.stream().map(Keypair::address).toList());
        return new NetworkParams(3,
                TokenParams.DEFAULTS,
                new CreditParams(25, 500, 9_500, 9_000, 3_600),
                new OracleParams(defaults.oracle().reporters(), 2, 900, 150),
                new EmissionParams(EPOCH_SECONDS, 4_000, 6_000, 1, 10, 4, 8_000, 100),
                new StakingParams(1_000 * GRID, 100 * GRID, 100 * GRID, 400, 2 * 3_600),
                SlashTerms.DEFAULTS,
                new GovernanceParams(defaults.governance().council(), 2, 3 * 3_600),
                VerificationParams.DEFAULTS);
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

    public List<Keypair> council() {
        return council;
    }

    public List<Keypair> reporters() {
        return reporters;
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
        tenants.forEach(t -> allocations.add(Allocation.liquid(t.address(), 100_000 * GRID)));
        providers.forEach(p -> allocations.add(Allocation.liquid(p.address(), 50_000 * GRID)));
        operators.forEach(o -> allocations.add(Allocation.liquid(o.address(), 20_000 * GRID)));
        council.forEach(m -> allocations.add(Allocation.liquid(m.address(), 1_000 * GRID)));
        reporters.forEach(r -> allocations.add(Allocation.liquid(r.address(), 10 * GRID)));
        allocations.add(new Allocation(grantees.get(0).address(), 100_000 * GRID, 2 * 3_600, 48 * 3_600));
        allocations.add(new Allocation(grantees.get(1).address(), 50_000 * GRID, 0, 240 * 3_600));
        allocations.add(Allocation.liquid(coordinator.address(), 10 * GRID));
        allocations.add(Allocation.liquid(treasury.address(), 1_000_000 * GRID));
        return SignedTx.sign(coordinator, NETWORK_ID, 1,
                new Genesis(treasury.address(), coordinator.address(), params(), GENESIS_TIME, allocations));
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
        if (envelope < 2) {
            generated = badSignature(view, draft);
        } else if (envelope < 3) {
            generated = new Generated("envelope.wrongNetwork",
                    SignedTx.sign(draft.signer, OTHER_NETWORK_ID, view.nextNonce(draft.signer), draft.payload));
        } else if (envelope < 5) {
            generated = replay(view, draft);
        } else if (envelope < 6) {
            long skipped = view.nextNonce(draft.signer) + 1 + random.nextInt(4);
            generated = new Generated("envelope.skippedNonce",
                    SignedTx.sign(draft.signer, NETWORK_ID, skipped, draft.payload));
        } else {
            SignedTx tx = SignedTx.sign(draft.signer, NETWORK_ID, view.nextNonce(draft.signer), draft.payload);
            remember(tx);
            generated = new Generated(draft.intent, tx);
        }
        pending = generated.tx();
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
        Keypair impostor = otherThan(draft.signer);
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
        boolean queued = !view.queued.isEmpty();
        boolean leased = !view.leased.isEmpty();
        boolean completed = !view.completed.isEmpty();
        boolean epochDue = view.state.now() >= view.epochEnd();
        // a long queue means the providers cannot keep up: tenants stop submitting and cancel instead
        boolean backlog = view.queued.size() > 24;
        int[] weights = {
            1,                      // 0 a second genesis
            40,                     // 1 transfer
            35,                     // 2 tick
            30,                     // 3 price report
            25,                     // 4 mint credits
            6,                      // 5 refund credits
            3,                      // 6 claim vested
            3,                      // 7 register provider
            10,                     // 8 bond provider stake
            2,                      // 9 register checker
            8,                      // 10 delegate
            6,                      // 11 unbond
            6,                      // 12 withdraw
            6,                      // 13 claim rewards
            backlog ? 2 : 18,       // 14 submit
            5,                      // 15 top up
            queued ? 45 : 4,        // 16 assign
            leased ? 35 : 4,        // 17 receipt
            leased ? 22 : 3,        // 18 complete
            leased ? 8 : 2,         // 19 release
            completed ? 40 : 3,     // 20 settle
            backlog ? 30 : queued ? 5 : 2, // 21 cancel
            epochDue ? 300 : 2,     // 22 close epoch
            2,                      // 23 slash
            2,                      // 24 propose
            view.openProposals.isEmpty() ? 1 : 8, // 25 approve
            2,                      // 26 open partner pool
            view.state.partnerBalances().size() == 0 ? 1 : 5, // 27 transfer partner token
            queued ? 4 : 1,         // 28 accept a bid
            view.state.checkers().size() == 0 ? 2 : 30, // 29 submit a verdict
            queued ? 6 : 1,         // 30 a provider's own bid
            queued ? 4 : 1,         // 31 award a bid
            6,                      // 32 settle metered inference
            view.gangsWaiting() ? 30 : 2, // 33 place a gang's vacant seats
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
            case 0 -> new Draft("genesis.again", coordinator, new Genesis(treasury.address(), coordinator.address(),
                    params(), GENESIS_TIME, List.of(Allocation.liquid(coordinator.address(), 1_000 * GRID))));
            case 1 -> transfer(view);
            case 2 -> tick(view);
            case 3 -> reportPrice(view);
            case 4 -> mintCredits(view);
            case 5 -> refundCredits(view);
            case 6 -> claimVested(view);
            case 7 -> register();
            case 8 -> bond(view);
            case 9 -> registerChecker(view);
            case 10 -> delegate(view);
            case 11 -> unbond(view);
            case 12 -> withdraw(view);
            case 13 -> claimRewards(view);
            case 14 -> submit(view);
            case 15 -> topUp(view);
            case 16 -> assign(view);
            case 17 -> receipt(view);
            case 18 -> complete(view);
            case 19 -> release(view);
            case 20 -> settle(view);
            case 21 -> cancel(view);
            case 22 -> closeEpoch(view);
            case 23 -> slash(view);
            case 24 -> propose(view);
            case 25 -> approve(view);
            case 26 -> openPartnerPool(view);
            case 27 -> transferPartnerToken(view);
            case 28 -> acceptBid(view);
            case 29 -> submitVerdict(view);
            case 30 -> placeBid(view);
            case 31 -> awardBid(view);
            case 32 -> settleInference(view);
            default -> assignGang(view);
        };
    }

    private Draft transfer(View view) {
        int who = random.nextInt(100);
        Keypair from = who < 50 ? pick(tenants) : who < 70 ? pick(providers) : who < 85 ? treasury
                : who < 95 ? pick(everyone) : pick(outsiders);
        Keypair to = pick(everyone);
        long balance = view.balance(from);
        int kind = random.nextInt(100);
        if (kind < 6) {
            long over = balance >= Long.MAX_VALUE / 2 ? Long.MAX_VALUE : balance + 1 + nextLong(balance + 1);
            return new Draft("transfer.overdraw", from, new Transfer(to.address(), over));
        }
        if (kind < 9) {
            return new Draft("transfer.zero", from, new Transfer(to.address(), 0));
        }
        long cap = Math.max(1, Math.min(balance, 500 * GRID));
        return new Draft("transfer", from, new Transfer(to.address(), 1 + nextLong(cap)));
    }

    private Draft tick(View view) {
        long now = view.state.now();
        int kind = random.nextInt(100);
        if (kind < 3) {
            return new Draft("tick.notCoordinator", otherThan(coordinator), new Tick(now + 1));
        }
        if (kind < 7 && now > GENESIS_TIME) {
            return new Draft("tick.backwards", coordinator, new Tick(now - 1 - nextLong(Math.min(600, now - GENESIS_TIME))));
        }
        if (kind < 10) {
            return new Draft("tick.same", coordinator, new Tick(now));
        }
        long maxAge = view.params().oracle().maxAgeSeconds();
        if (kind < 12 && now + maxAge + 600 < view.epochEnd()) {
            // a long silence within the epoch: every price report goes stale until the reporters catch up
            return new Draft("tick.long", coordinator, new Tick(now + maxAge + 1 + random.nextInt(600)));
        }
        return new Draft("tick", coordinator, new Tick(now + 1 + random.nextInt(40)));
    }

    private Draft reportPrice(View view) {
        long now = view.state.now();
        Keypair reporter = pick(reporters);
        int kind = random.nextInt(100);
        if (kind < 4) {
            return new Draft("price.notOracle", otherThanAny(reporters), new ReportPrice(lastPrice, now));
        }
        long last = view.state.prices().get(reporter.address()).map(PriceReport::observedAt).orElse(0L);
        if (kind < 7 && last > 0) {
            return new Draft("price.olderThanLast", reporter, new ReportPrice(lastPrice, last - 1));
        }
        if (kind < 9) {
            return new Draft("price.future", reporter, new ReportPrice(lastPrice, now + 1 + random.nextInt(100)));
        }
        if (kind < 11) {
            return new Draft("price.outOfRange", reporter, new ReportPrice(random.nextBoolean() ? 0 : 1_000_000_000_001L, now));
        }
        if (kind < 15) {
            // stale but not older than the reporter's last report: accepted, and does not count
            long observed = Math.max(last, now - 901 - random.nextInt(900));
            return new Draft("price.stale", reporter, new ReportPrice(lastPrice, Math.max(observed, GENESIS_TIME)));
        }
        if (kind < 20) {
            long outlier = random.nextBoolean() ? lastPrice * 2 : Math.max(1, lastPrice / 2);
            return new Draft("price.outlier", reporter, new ReportPrice(outlier, now));
        }
        // a slow random walk that stays near the base price
        long step = lastPrice / 400;
        long next = lastPrice + (random.nextInt(3) - 1) * step + (BASE_PRICE - lastPrice) / 20;
        lastPrice = Math.max(BASE_PRICE / 2, Math.min(BASE_PRICE * 2, next));
        return new Draft("price", reporter, new ReportPrice(lastPrice, now));
    }

    private Draft mintCredits(View view) {
        Keypair tenant = random.nextInt(10) == 0 ? pick(everyone) : pick(tenants);
        long balance = view.balance(tenant);
        int kind = random.nextInt(100);
        if (kind < 4) {
            return new Draft("mint.zero", tenant, new MintCredits(0, Long.MAX_VALUE));
        }
        if (kind < 7) {
            return new Draft("mint.tooMuch", tenant, new MintCredits(1_000_000_000_000_000L + 1, Long.MAX_VALUE));
        }
        if (kind < 11) {
            return new Draft("mint.beyondBalance", tenant, new MintCredits(Math.max(1, balance) * 2 + 10 * CC, Long.MAX_VALUE));
        }
        long credits = 1 + nextLong(300 * CC);
        if (kind < 15) {
            return new Draft("mint.slippage", tenant, new MintCredits(credits, 1));
        }
        long bound = Bme.gridForCredits(credits, lastPrice, 25) * 2;
        return new Draft("mint", tenant, new MintCredits(credits, random.nextBoolean() ? Long.MAX_VALUE : bound));
    }

    private Draft refundCredits(View view) {
        Keypair holder = random.nextInt(4) == 0 ? pick(providers) : pick(tenants);
        long credits = view.state.account(holder.address()).credits();
        int kind = random.nextInt(100);
        if (kind < 10 || credits == 0) {
            return new Draft("refund.beyondCredits", holder, new RefundCredits(credits + 1 + nextLong(10 * CC), 0));
        }
        if (kind < 15) {
            return new Draft("refund.zero", holder, new RefundCredits(0, 0));
        }
        long amount = 1 + nextLong(Math.min(credits, 50 * CC));
        if (kind < 22) {
            return new Draft("refund.slippage", holder, new RefundCredits(amount, Long.MAX_VALUE));
        }
        return new Draft("refund", holder, new RefundCredits(amount, 0));
    }

    private Draft claimVested(View view) {
        if (random.nextInt(10) == 0) {
            return new Draft("claimVested.noGrant", pick(tenants), new ClaimVested());
        }
        return new Draft("claimVested", pick(grantees), new ClaimVested());
    }

    private Draft register() {
        Keypair who = random.nextInt(15) == 0 ? pick(tenants) : pick(providers);
        boolean gpu = random.nextInt(5) > 0;
        var offer = new HardwareOffer(
                gpu ? DeviceClass.GPU : DeviceClass.CPU,
                gpu ? "NVIDIA RTX 4090" : "AMD EPYC 7763",
                gpu ? 1 + random.nextInt(8) : 1,
                gpu ? 24_564 : 0,
                1 + random.nextInt(64),
                1_024 + nextLong(512_000),
                pick(REGIONS),
                50_000 + nextLong(3_000_000));
        return new Draft("register", who, new RegisterProvider(offer));
    }

    private Draft bond(View view) {
        int kind = random.nextInt(100);
        if (kind < 5) {
            return new Draft("bond.notProvider", pick(outsiders), new BondProviderStake(GRID));
        }
        Keypair who = pick(providers);
        for (Keypair candidate : providers) {
            var p = view.state.provider(candidate.address());
            if (p.isPresent() && !p.get().isActive(view.params().staking()) && random.nextBoolean()) {
                who = candidate;
                break;
            }
        }
        Optional<Provider> provider = view.state.provider(who.address());
        long balance = view.balance(who);
        if (kind < 10) {
            return new Draft("bond.beyondBalance", who, new BondProviderStake(balance + 1));
        }
        if (kind < 13) {
            return new Draft("bond.zero", who, new BondProviderStake(0));
        }
        long missing = provider.map(p -> p.requiredStake(view.params().staking()) - p.bonded()).orElse(0L);
        long amount = missing > 0 ? missing : 1 + nextLong(100 * GRID);
        return new Draft(provider.isEmpty() ? "bond.unregistered" : "bond", who, new BondProviderStake(amount));
    }

    private Draft registerChecker(View view) {
        for (Keypair operator : operators) {
            if (view.state.checker(operator.address()).isEmpty()) {
                return new Draft("registerChecker", operator, new RegisterChecker());
            }
        }
        if (random.nextInt(4) == 0) {
            return new Draft("registerChecker.tenant", pick(tenants), new RegisterChecker());
        }
        if (random.nextInt(3) == 0) {
            // a provider that is also a checker, to try judging itself
            return new Draft("registerChecker.provider", pick(providers), new RegisterChecker());
        }
        return new Draft("registerChecker.again", pick(operators), new RegisterChecker());
    }

    private Draft delegate(View view) {
        Keypair who = pick(stakers);
        List<Checker> checkers = List.copyOf(view.state.checkers().values());
        int kind = random.nextInt(100);
        if (kind < 6 || checkers.isEmpty()) {
            return new Draft("delegate.unknownChecker", who, new Delegate(pick(outsiders).address(), GRID));
        }
        Address checker = pick(checkers).operator();
        long balance = view.balance(who);
        if (kind < 11) {
            return new Draft("delegate.beyondBalance", who, new Delegate(checker, balance + 1));
        }
        if (kind < 14) {
            return new Draft("delegate.zero", who, new Delegate(checker, 0));
        }
        return new Draft("delegate", who, new Delegate(checker, 1 + nextLong(Math.max(1, Math.min(balance, 500 * GRID)))));
    }

    private Draft unbond(View view) {
        int kind = random.nextInt(100);
        if (kind < 45) {
            Keypair who = pick(providers);
            long bonded = view.state.provider(who.address()).map(Provider::bonded).orElse(0L);
            if (kind < 6 || bonded == 0) {
                return new Draft("unbond.provider.tooMuch", who, new Unbond(Optional.empty(), bonded + 1));
            }
            if (kind < 9) {
                return new Draft("unbond.zero", who, new Unbond(Optional.empty(), 0));
            }
            return new Draft("unbond.provider", who, new Unbond(Optional.empty(), 1 + nextLong(Math.min(bonded, 2_000 * GRID))));
        }
        List<Map.Entry<DelegationKey, Delegation>> delegations = new ArrayList<>();
        for (var entry : view.state.delegations().asMap().entrySet()) {
            if (entry.getValue().amount() > 0) {
                delegations.add(entry);
            }
        }
        if (delegations.isEmpty() || kind < 52) {
            Keypair who = pick(stakers);
            return new Draft("unbond.delegation.none", who, new Unbond(Optional.of(pick(operators).address()), GRID));
        }
        var entry = pick(delegations);
        Keypair who = byAddress.get(entry.getKey().delegator());
        long amount = entry.getValue().amount();
        if (kind < 58) {
            return new Draft("unbond.delegation.tooMuch", who, new Unbond(Optional.of(entry.getKey().checker()), amount + 1));
        }
        return new Draft("unbond.delegation", who,
                new Unbond(Optional.of(entry.getKey().checker()), 1 + nextLong(amount)));
    }

    private Draft withdraw(View view) {
        List<Unbonding> entries = List.copyOf(view.state.unbondings().values());
        int kind = random.nextInt(100);
        if (entries.isEmpty() || kind < 8) {
            return new Draft("withdraw.unknown", pick(stakers), new Withdraw(randomHash()));
        }
        List<Unbonding> released = new ArrayList<>();
        for (Unbonding entry : entries) {
            if (entry.releaseAt() <= view.state.now()) {
                released.add(entry);
            }
        }
        if (kind < 15) {
            Unbonding entry = pick(entries);
            return new Draft("withdraw.notOwner", otherThan(byAddress.get(entry.owner())), new Withdraw(entry.id()));
        }
        if (released.isEmpty() || kind < 25) {
            Unbonding entry = pick(entries);
            return new Draft("withdraw.maybeEarly", byAddress.get(entry.owner()), new Withdraw(entry.id()));
        }
        Unbonding entry = pick(released);
        return new Draft("withdraw", byAddress.get(entry.owner()), new Withdraw(entry.id()));
    }

    private Draft claimRewards(View view) {
        int who = random.nextInt(100);
        Keypair claimant = who < 35 ? pick(providers) : who < 55 ? pick(operators) : who < 95 ? pick(stakers) : pick(outsiders);
        List<Address> delegatedTo = new ArrayList<>();
        for (var entry : view.state.delegations().asMap().entrySet()) {
            if (entry.getKey().delegator().equals(claimant.address()) && random.nextInt(4) > 0) {
                delegatedTo.add(entry.getKey().checker());
            }
        }
        if (random.nextInt(100) < 6) {
            delegatedTo.add(pick(outsiders).address());
            return new Draft("claimRewards.unknownChecker", claimant, new ClaimRewards(delegatedTo));
        }
        return new Draft("claimRewards", claimant, new ClaimRewards(delegatedTo));
    }

    private Draft openPartnerPool(View view) {
        int index = random.nextInt(partners.size());
        Keypair partner = partners.get(index);
        String token = PARTNER_TOKENS[index];
        long amount = 1 + nextLong(1_000_000_000L);
        long duration = 3_600 + nextLong(3 * 24 * 3_600);
        int kind = random.nextInt(100);
        if (kind < 8) {
            return new Draft("openPartnerPool.notIssuer", partner, new OpenPartnerPool(PARTNER_TOKENS[1 - index], amount, duration));
        }
        if (kind < 14) {
            return new Draft("openPartnerPool.tooShort", partner, new OpenPartnerPool(token, amount, 1 + nextLong(3_599)));
        }
        if (kind < 18) {
            return new Draft("openPartnerPool.empty", partner, new OpenPartnerPool(token, 0, duration));
        }
        return new Draft("openPartnerPool", partner, new OpenPartnerPool(token, amount, duration));
    }

    private Draft transferPartnerToken(View view) {
        var holdings = new ArrayList<>(view.state.partnerBalances().asMap().entrySet());
        Keypair to = pick(everyone);
        if (holdings.isEmpty() || random.nextInt(100) < 8) {
            return new Draft("transferPartnerToken.unknownToken", pick(everyone), new TransferPartnerToken("NOPE", to.address(), 1));
        }
        var holding = pick(holdings);
        Keypair from = byAddress.get(holding.getKey().owner());
        long balance = holding.getValue();
        int kind = random.nextInt(100);
        if (kind < 8) {
            return new Draft("transferPartnerToken.overdraw", from,
                    new TransferPartnerToken(holding.getKey().token(), to.address(), balance + 1 + nextLong(balance)));
        }
        if (kind < 12) {
            return new Draft("transferPartnerToken.zero", from, new TransferPartnerToken(holding.getKey().token(), to.address(), 0));
        }
        return new Draft("transferPartnerToken", from,
                new TransferPartnerToken(holding.getKey().token(), to.address(), 1 + nextLong(balance)));
    }

    private Draft submit(View view) {
        Keypair tenant = random.nextInt(12) == 0 ? pick(everyone) : pick(tenants);
        List<String> args = new ArrayList<>();
        for (int i = random.nextInt(4) / 2; i > 0; i--) {
            args.add("--arg" + random.nextInt(100));
        }
        var spec = new JobSpec(pick(WORKLOADS), args, 1 + random.nextInt(4), 30 + nextLong(7_200),
                200_000 + nextLong(3_300_000));
        long runwaySeconds = Math.min(spec.maxSeconds(), view.params().credits().minRunwaySeconds());
        long runway = Math.max(1, Pricing.charge(spec.maxPricePerDeviceHour(), spec.devices(), runwaySeconds * 1000));
        long credits = view.state.account(tenant.address()).credits();
        int kind = random.nextInt(100);
        if (kind < 6) {
            return new Draft("submit.escrowTooLow", tenant, new SubmitJob(spec, runway - 1 - nextLong(runway)));
        }
        if (kind < 10) {
            return new Draft("submit.beyondCredits", tenant, new SubmitJob(spec, Math.max(runway, credits + 1)));
        }
        if (kind < 30) {
            // a long job whose escrow covers the minimum runway only
            var long_ = new JobSpec(spec.workload(), spec.args(), spec.devices(), 7_200 + nextLong(7_200),
                    spec.maxPricePerDeviceHour());
            long shortRunway = Pricing.charge(long_.maxPricePerDeviceHour(), long_.devices(),
                    view.params().credits().minRunwaySeconds() * 1000);
            return new Draft("submit.runwayOnly", tenant, new SubmitJob(long_, Math.max(1, shortRunway)));
        }
        if (kind < 36) {
            // TFLOPS and reputation minimums, which the ledger holds AssignLease to: none or below the
            // RTX 4090's 165, and below or above a new provider's neutral 500
            var wants = JobRequirements.NONE.withMinimums(random.nextInt(2) * 100, 300 + random.nextInt(2) * 400);
            var minimums = spec.withRequirements(wants);
            return new Draft("submit.minimums", tenant, new SubmitJob(minimums, Math.max(runway, minimums.worstCaseCost())));
        }
        if (kind < 48) {
            // a gang of 2 or 3 nodes, escrowed for its worst case over every node, or for the runway only
            var gang = spec.withNodes(2 + random.nextInt(2));
            long gangRunway = Math.max(1, Pricing.charge(gang.maxPricePerDeviceHour(), gang.totalDevices(), runwaySeconds * 1000));
            boolean lean = random.nextInt(4) == 0;
            return new Draft(lean ? "submit.gang.runwayOnly" : "submit.gang", tenant,
                    new SubmitJob(gang, lean ? gangRunway : Math.max(gangRunway, gang.worstCaseCost())));
        }
        if (kind < 52) {
            // put to auction, sometimes only in some regions
            var auction = new JobRequirements(List.of(), 0, random.nextBoolean() ? List.of() : List.of("test-region"), List.of(),
                    random.nextBoolean(), 1 + random.nextInt(600));
            var auctioned = spec.withRequirements(auction);
            return new Draft("submit.auction", tenant, new SubmitJob(auctioned, Math.max(runway, auctioned.worstCaseCost())));
        }
        long worst = spec.worstCaseCost();
        return new Draft("submit", tenant, new SubmitJob(spec, Math.max(runway, worst) + nextLong(worst / 2 + 1)));
    }

    private Draft topUp(View view) {
        List<Job> open = new ArrayList<>(view.queued);
        for (Job job : view.leased) {
            // Work-around for a bug in LeaseRules.topUp (see StateTransitionTest.Bugs): it reads the
            // tenant's account before billing the lease and writes it back after, so a tenant that is
            // also paid by that billing (the lease's provider, or the treasury) loses the payment.
            boolean paysItself = job.runningLeases().stream().anyMatch(lease -> lease.provider().equals(job.tenant()));
            if (!paysItself && !job.tenant().equals(treasury.address())) {
                open.add(job);
            }
        }
        int kind = random.nextInt(100);
        if (open.isEmpty() || kind < 8) {
            Hash id = !closedJobs.isEmpty() && random.nextBoolean() ? pick(List.copyOf(closedJobs)) : randomHash();
            return new Draft("topUp.notOpen", pick(tenants), new TopUpEscrow(id, CC));
        }
        Job job = pick(open);
        Keypair tenant = tenantOf(job);
        if (kind < 14) {
            return new Draft("topUp.notTenant", otherThan(tenant), new TopUpEscrow(job.id(), CC));
        }
        long credits = view.state.account(tenant.address()).credits();
        if (kind < 20) {
            return new Draft("topUp.beyondCredits", tenant, new TopUpEscrow(job.id(), credits + 1));
        }
        if (kind < 23) {
            return new Draft("topUp.zero", tenant, new TopUpEscrow(job.id(), 0));
        }
        return new Draft("topUp", tenant, new TopUpEscrow(job.id(), 1 + nextLong(Math.max(1, Math.min(credits, 20 * CC)))));
    }

    private Draft assign(View view) {
        Keypair signer = random.nextInt(100) < 92 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "assign" : "assign.notCoordinator";
        Hash jobId;
        int which = random.nextInt(100);
        if (which < 85 && !view.queued.isEmpty()) {
            jobId = pick(view.queued).id();
        } else if (which < 94) {
            jobId = view.anyJob();
            intent += ".anyJob";
        } else {
            jobId = randomHash();
            intent += ".unknownJob";
        }
        Address provider;
        int how = random.nextInt(100);
        if (how < 4) {
            provider = pick(outsiders).address();
            intent += ".unregistered";
        } else {
            List<Provider> fitting = new ArrayList<>();
            Job job = view.state.job(jobId).orElse(null);
            if (job != null) {
                for (Provider p : view.providers) {
                    if (p.offer().pricePerDeviceHour() <= job.spec().maxPricePerDeviceHour()
                            && p.offer().deviceCount() >= job.spec().devices()
                            && p.isActive(view.params().staking())) {
                        fitting.add(p);
                    }
                }
            }
            if (how < 90 && !fitting.isEmpty()) {
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
        Keypair signer = random.nextInt(100) < 90 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "release" : "release.notCoordinator";
        int which = random.nextInt(100);
        long now = view.state.now();
        Job job;
        if (which < 80 && !view.leased.isEmpty()) {
            job = pick(view.leased);
        } else if (which < 92) {
            Hash id = view.anyJob();
            job = view.state.job(id).orElse(null);
            intent += ".anyJob";
            if (job == null) {
                return new Draft(intent, signer, new ReleaseLease(id, 1, pick(REASONS), 0));
            }
        } else {
            return new Draft(intent + ".unknownJob", signer, new ReleaseLease(randomHash(), 1, pick(REASONS), 0));
        }
        Optional<Lease> running = someRunningLease(job);
        int attempt = job.spec().isGang() ? running.map(Lease::attempt).orElse(job.attempts()) : job.attempts();
        if (random.nextInt(10) == 0) {
            attempt -= 1;
            intent += ".staleAttempt";
        }
        long downSince = 0;
        int down = random.nextInt(100);
        if (down < 5) {
            downSince = now + 1 + random.nextInt(100);
            intent += ".downInFuture";
        } else if (down < 50) {
            long start = running.map(Lease::startedAt).orElse(GENESIS_TIME);
            downSince = Math.max(1, start - 10 + nextLong(Math.max(1, now - start + 11)));
            intent += ".downSince";
        }
        return new Draft(intent, signer, new ReleaseLease(job.id(), attempt, pick(REASONS), downSince));
    }

    private Draft receipt(View view) {
        if (view.leased.isEmpty() || random.nextInt(100) < 6) {
            Hash id = random.nextBoolean() ? randomHash() : view.anyJob();
            return new Draft("receipt.notLeased", pick(providers), new UsageReceipt(id, 1, nextLong(60_000)));
        }
        Job job = pick(view.leased);
        Optional<Lease> running = someRunningLease(job);
        if (running.isEmpty()) {
            return new Draft("receipt.gangSeatsVacant", pick(providers), new UsageReceipt(job.id(), job.attempts(), 1));
        }
        Lease lease = running.get();
        String intent = job.spec().isGang() ? "receipt.gang" : "receipt";
        Keypair signer = holderOf(lease);
        if (random.nextInt(100) < 6) {
            signer = otherThan(signer);
            intent += ".notHolder";
        }
        int attempt = lease.attempt();
        if (random.nextInt(100) < 4) {
            attempt -= 1;
            intent += ".staleAttempt";
        }
        long limit = job.spec().maxSeconds() * 1000;
        long current = job.spec().isGang() ? job.seatOf(lease.attempt()).orElseThrow().usageMillis() : job.usageMillis();
        long usage;
        int kind = random.nextInt(100);
        if (kind < 5 && current > 0) {
            usage = nextLong(current);
            intent += ".decreasing";
        } else if (kind < 10) {
            usage = limit + 1 + nextLong(10_000);
            intent += ".aboveLimit";
        } else {
            long elapsed = Math.min(limit, (view.state.now() - lease.startedAt()) * 1000);
            usage = Math.max(current, elapsed);
        }
        return new Draft(intent, signer, new UsageReceipt(job.id(), attempt, usage));
    }

    /**
     * A job whose escrow does not cover its worst case, and one job in eight besides, is a
     * marathon: its provider completes it only once its whole duration has passed, so long jobs
     * with a short escrow run dry (overdrawn) unless they are released or topped up first.
     */
    private static boolean marathon(Job job) {
        return job.deposited() < job.spec().worstCaseCost() || (job.id().bytes()[0] & 7) == 0;
    }

    private Draft complete(View view) {
        List<Job> finishable = new ArrayList<>();
        for (Job job : view.leased) {
            Optional<Lease> running = job.runningLeases().stream().findFirst();
            if (running.isPresent() && (!marathon(job) || view.state.now() - running.get().startedAt() >= job.spec().maxSeconds())) {
                finishable.add(job);
            }
        }
        if (finishable.isEmpty() || random.nextInt(100) < 6) {
            Hash id = random.nextBoolean() ? randomHash() : view.anyJob();
            return new Draft("complete.notLeased", pick(providers), new CompleteJob(id, 1, randomHash()));
        }
        Job job = pick(finishable);
        Lease lease = someRunningLease(job).orElseThrow();
        String intent = job.spec().isGang() ? "complete.gang" : "complete";
        Keypair signer = holderOf(lease);
        if (random.nextInt(100) < 6) {
            signer = otherThan(signer);
            intent += ".notHolder";
        }
        int attempt = lease.attempt();
        if (random.nextInt(100) < 4) {
            attempt += random.nextBoolean() ? -1 : 1;
            intent += ".wrongAttempt";
        }
        return new Draft(intent, signer, new CompleteJob(job.id(), attempt, randomHash()));
    }

    private Draft settle(View view) {
        Keypair signer = random.nextInt(100) < 92 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "settle" : "settle.notCoordinator";
        int which = random.nextInt(100);
        Hash id;
        if (which < 85 && !view.completed.isEmpty()) {
            id = pick(view.completed).id();
        } else if (which < 96) {
            id = view.anyJob();
            intent += ".anyJob";
        } else {
            id = randomHash();
            intent += ".unknownJob";
        }
        return new Draft(intent, signer, new SettleJob(id));
    }

    private Draft acceptBid(View view) {
        List<Job> auctioned = view.queued.stream().filter(job -> job.spec().requirements().isAuction()).toList();
        int which = random.nextInt(100);
        if (which < 60 && !auctioned.isEmpty()) {
            Job job = pick(auctioned);
            return new Draft("acceptBid", tenantOf(job), new AcceptBid(job.id(), pick(providers).address()));
        }
        if (which < 75 && !view.queued.isEmpty()) {
            Job job = pick(view.queued);
            return new Draft("acceptBid.anyQueued", tenantOf(job), new AcceptBid(job.id(), pick(providers).address()));
        }
        if (which < 90 && !auctioned.isEmpty()) {
            Job job = pick(auctioned);
            return new Draft("acceptBid.notTenant", otherThan(tenantOf(job)), new AcceptBid(job.id(), pick(providers).address()));
        }
        return new Draft("acceptBid.unknownJob", pick(tenants), new AcceptBid(randomHash(), pick(providers).address()));
    }

    private Draft placeBid(View view) {
        List<Job> auctioned = view.queued.stream().filter(job -> job.spec().requirements().isAuction()).toList();
        Keypair bidder = pick(providers);
        if (random.nextInt(100) < 10 || auctioned.isEmpty()) {
            Hash id = random.nextBoolean() ? view.anyJob() : randomHash();
            return new Draft("placeBid.anyJob", bidder, new PlaceBid(id, 1 + random.nextInt(3_000_000)));
        }
        Job job = pick(auctioned);
        long max = job.spec().maxPricePerDeviceHour();
        if (random.nextInt(100) < 10) {
            return new Draft("placeBid.aboveMax", bidder, new PlaceBid(job.id(), max + 1));
        }
        if (random.nextInt(100) < 5) {
            return new Draft("placeBid.notProvider", pick(tenants), new PlaceBid(job.id(), max));
        }
        long offerPrice = view.state.provider(bidder.address()).map(p -> p.offer().pricePerDeviceHour()).orElse(max);
        return new Draft("placeBid", bidder, new PlaceBid(job.id(), 1 + random.nextLong(Math.min(max, offerPrice))));
    }

    /**
     * A batch of metered inference: mostly the next batch, paying registered providers within the payers' credits;
     * sometimes a batch number already used or skipped, a payer that cannot cover it, or an unregistered provider.
     */
    private Draft settleInference(View view) {
        Keypair signer = random.nextInt(100) < 92 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "settleInference" : "settleInference.notCoordinator";
        long next = InferenceRules.lastBatch(view.state) + 1;
        int kind = random.nextInt(100);
        long batch = next;
        if (kind < 8) {
            batch = random.nextBoolean() ? next - 1 : next + 1;
            intent += ".outOfOrder";
        }
        var entries = new java.util.TreeSet<InferenceCharge>(InferenceRules.ORDER);
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            Keypair payer = pick(tenants);
            boolean unknown = kind >= 8 && kind < 14 || view.providers.isEmpty();
            Address provider = unknown ? pick(tenants).address() : pick(view.providers).address();
            long held = view.state.account(payer.address()).credits();
            long credits = kind >= 14 && kind < 20 ? held + 1 + nextLong(CC) : 1 + nextLong(Math.max(1, Math.min(held / 8, 5 * CC)));
            entries.add(new InferenceCharge(payer.address(), provider, random.nextBoolean() ? "gridmint-names" : "all-minilm-l6-v2",
                    nextLong(1_000), nextLong(10_000), credits));
        }
        if (kind >= 8 && kind < 14) {
            intent += ".unknownProvider";
        } else if (kind >= 14 && kind < 20) {
            intent += ".overdraw";
        }
        return new Draft(intent, signer, new SettleInference(batch, List.copyOf(entries)));
    }

    private Draft awardBid(View view) {
        List<Job> auctioned = view.queued.stream().filter(job -> job.spec().requirements().isAuction()).toList();
        Keypair signer = random.nextInt(100) < 92 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "awardBid" : "awardBid.notCoordinator";
        Job job = auctioned.isEmpty() || random.nextInt(100) < 10 ? null : pick(auctioned);
        if (job == null) {
            Hash id = view.queued.isEmpty() ? randomHash() : pick(view.queued).id();
            return new Draft(intent + ".anyJob", signer, new AwardBid(id, pick(providers).address(), 1 + random.nextInt(3_000_000)));
        }
        List<Provider> fitting = view.providers.stream()
                .filter(p -> p.offer().deviceCount() >= job.spec().devices() && p.isActive(view.params().staking())
                        && job.spec().requirements().permitsRegion(p.offer().region()))
                .toList();
        if (fitting.isEmpty()) {
            return new Draft(intent + ".noneFits", signer, new AwardBid(job.id(), pick(providers).address(), 1));
        }
        Provider provider = pick(fitting);
        long ceiling = Math.min(job.spec().maxPricePerDeviceHour(), provider.offer().pricePerDeviceHour());
        long price = random.nextInt(100) < 8 ? ceiling + 1 : 1 + random.nextLong(ceiling);
        return new Draft(price > ceiling ? intent + ".aboveCeiling" : intent, signer, new AwardBid(job.id(), provider.address(), price));
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
        if (which < 95) {
            Optional<Job> job = view.state.job(view.anyJob());
            if (job.isPresent()) {
                return new Draft("cancel.anyJob", tenantOf(job.get()), new CancelJob(job.get().id()));
            }
        }
        return new Draft("cancel.unknownJob", pick(tenants), new CancelJob(randomHash()));
    }

    private Draft closeEpoch(View view) {
        long epoch = view.state.clock().epoch();
        int kind = random.nextInt(100);
        if (kind < 3) {
            return new Draft("closeEpoch.notCoordinator", otherThan(coordinator), new CloseEpoch(epoch));
        }
        if (kind < 6) {
            return new Draft("closeEpoch.wrongEpoch", coordinator, new CloseEpoch(epoch + 1 + random.nextInt(3)));
        }
        boolean due = view.state.now() >= view.epochEnd();
        return new Draft(due ? "closeEpoch" : "closeEpoch.early", coordinator, new CloseEpoch(epoch));
    }

    private Draft slash(View view) {
        Keypair signer = random.nextInt(100) < 90 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "slash" : "slash.notCoordinator";
        Address provider;
        if (random.nextInt(100) < 8 || view.providers.isEmpty()) {
            provider = pick(outsiders).address();
            intent += ".unknownProvider";
        } else {
            provider = pick(view.providers).address();
        }
        // fraud takes the whole stake: keep it rare
        Offence offence = random.nextInt(100) < 10 ? Offence.FRAUD
                : Offence.values()[random.nextInt(Offence.values().length)];
        if (offence == Offence.FRAUD && random.nextBoolean()) {
            offence = Offence.LEASE_DOWNTIME;
        }
        return new Draft(intent, signer, new Slash(provider, offence, pick(everyone).address(), randomHash()));
    }

    /**
     * Checkers judge providers: mostly close to a truth that fails about one provider and epoch in
     * eight (a fraud or an outage, by kind), some wildly (outvoted, or lying when a quorum judged),
     * and now and then a verdict the ledger must refuse.
     */
    private Draft submitVerdict(View view) {
        long round = view.state.clock().epoch();
        VerdictKind kind = pick(VerdictKind.values());
        Hash evidence = randomHash();
        int roll = random.nextInt(100);
        if (roll < 4 || view.providers.isEmpty()) {
            Address provider = view.providers.isEmpty() ? pick(outsiders).address() : pick(view.providers).address();
            return new Draft("verdict.notChecker", pick(tenants), new SubmitVerdict(provider, round, kind, 1_000, evidence));
        }
        Keypair checker = pick(operators);
        Address provider = pick(view.providers).address();
        if (roll < 8) {
            long wrong = round > 0 && random.nextBoolean() ? round - 1 : round + 1 + random.nextInt(3);
            return new Draft("verdict.wrongRound", checker, new SubmitVerdict(provider, wrong, kind, 1_000, evidence));
        }
        if (roll < 11) {
            return new Draft("verdict.unknownProvider", checker,
                    new SubmitVerdict(pick(outsiders).address(), round, kind, 1_000, evidence));
        }
        if (roll < 14) {
            Keypair self = pick(providers);
            return new Draft("verdict.self", self, new SubmitVerdict(self.address(), round, kind, 1_000, evidence));
        }
        if (roll < 18 && view.state.verdicts().size() > 0) {
            var keys = List.copyOf(view.state.verdicts().asMap().keySet());
            VerdictKey again = pick(keys);
            return new Draft("verdict.duplicate", byAddress.get(again.checker()),
                    new SubmitVerdict(again.subject().provider(), round, again.subject().kind(), 500, evidence));
        }
        boolean failing = Math.floorMod(provider.hashCode() + round, 8) == 0;
        int truth = failing ? 50 : 950;
        int score = roll < 30 ? random.nextInt(1_001) : Math.clamp(truth - 100 + random.nextInt(201), 0, 1_000);
        return new Draft("verdict", checker, new SubmitVerdict(provider, round, kind, score, evidence));
    }

    private Draft propose(View view) {
        NetworkParams current = view.params();
        List<Address> members = current.governance().council();
        int kind = random.nextInt(100);
        if (kind < 8) {
            return new Draft("propose.notCouncil", otherThanAny(council), new ProposeParams(current));
        }
        Keypair member = byAddress.get(pick(members));
        if (kind < 14) {
            long outstanding = view.state.supply().outstanding();
            var token = current.token();
            long low = Math.max(1, outstanding - 1 - nextLong(1_000 * GRID));
            return new Draft("propose.maxSupplyBelowOutstanding", member, new ProposeParams(current.withToken(
                    new TokenParams(low, token.providerRewardBps(), token.checkerRewardBps()))));
        }
        NetworkParams proposed = switch (random.nextInt(4)) {
            case 0 -> current.withMaxJobAttempts(1 + random.nextInt(5));
            case 1 -> {
                CreditParams c = current.credits();
                yield current.withCredits(new CreditParams(c.spreadBps(), random.nextInt(1_001), c.warnRatioBps(),
                        c.haltRatioBps(), c.minRunwaySeconds()));
            }
            case 2 -> {
                OracleParams o = current.oracle();
                yield current.withOracle(new OracleParams(o.reporters(), o.minReports(), o.maxAgeSeconds(),
                        50 + random.nextInt(451)));
            }
            default -> {
                StakingParams s = current.staking();
                yield current.withStaking(new StakingParams(s.gpuStakeUnit(), s.cpuStakeUnit(), s.minCheckerStake(),
                        random.nextInt(1_001), 600 + random.nextInt(6_601)));
            }
        };
        return new Draft("propose", member, new ProposeParams(proposed));
    }

    private Draft approve(View view) {
        int kind = random.nextInt(100);
        if (view.allProposals.isEmpty() || kind < 8) {
            return new Draft("approve.unknown", pick(council), new ApproveProposal(randomHash()));
        }
        if (kind < 14) {
            return new Draft("approve.notCouncil", otherThanAny(council), new ApproveProposal(pick(view.allProposals).id()));
        }
        if (kind < 30 || view.openProposals.isEmpty()) {
            Proposal proposal = pick(view.allProposals);
            return new Draft("approve.any", pick(council), new ApproveProposal(proposal.id()));
        }
        Proposal proposal = pick(view.openProposals);
        List<Keypair> missing = new ArrayList<>();
        for (Keypair member : council) {
            if (!proposal.approvals().contains(member.address())) {
                missing.add(member);
            }
        }
        Keypair member = missing.isEmpty() || kind < 36 ? pick(council) : pick(missing);
        return new Draft("approve", member, new ApproveProposal(proposal.id()));
    }

    /**
     * The coordinator fills a gang's vacant seats: mostly with active providers that fit, one each while there
     * are enough, sometimes doubling up on one (which its devices may not hold), naming the wrong seats, or
     * handing a plain job to AssignGang.
     */
    private Draft assignGang(View view) {
        Keypair signer = random.nextInt(100) < 94 ? coordinator : otherThan(coordinator);
        String intent = signer == coordinator ? "assignGang" : "assignGang.notCoordinator";
        List<Job> waiting = view.waitingGangs();
        if (waiting.isEmpty() || random.nextInt(100) < 6) {
            Hash id = random.nextBoolean() ? view.anyJob() : randomHash();
            return new Draft(intent + ".anyJob", signer, new AssignGang(id, List.of(new Seat(0, pick(providers).address()))));
        }
        Job job = pick(waiting);
        List<Provider> fitting = new ArrayList<>();
        for (Provider p : view.providers) {
            if (p.offer().pricePerDeviceHour() <= job.spec().maxPricePerDeviceHour() && p.offer().deviceCount() >= job.spec().devices()
                    && p.isActive(view.params().staking())) {
                fitting.add(p);
            }
        }
        List<Provider> pool = fitting.isEmpty() || random.nextInt(100) < 5 ? view.providers : fitting;
        if (pool.isEmpty()) {
            return new Draft(intent + ".noProviders", signer, new AssignGang(job.id(), List.of(new Seat(0, pick(providers).address()))));
        }
        List<Provider> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, random);
        List<Seat> seats = new ArrayList<>();
        boolean doubled = random.nextInt(100) < 15;
        int k = 0;
        for (var seat : job.vacantSeats()) {
            Provider p = doubled ? shuffled.getFirst() : shuffled.get(k++ % shuffled.size());
            seats.add(new Seat(seat.index(), p.address()));
        }
        if (random.nextInt(100) < 6) {
            int bogus = seats.isEmpty() ? 0 : seats.getLast().member() + 1 + random.nextInt(2);
            List<Seat> wrong = new ArrayList<>(seats);
            wrong.add(new Seat(Math.min(bogus, JobSpec.MAX_NODES - 1), shuffled.getFirst().address()));
            return new Draft(intent + ".wrongSeats", signer, new AssignGang(job.id(), wrong));
        }
        return new Draft(doubled ? intent + ".doubled" : intent, signer, new AssignGang(job.id(), seats));
    }

    // ---- helpers ----

    /** One of the leases a leased job is running: a plain job's own, or a random running gang seat's. */
    private Optional<Lease> someRunningLease(Job job) {
        List<Lease> running = job.runningLeases();
        return running.isEmpty() ? job.lease() : Optional.of(pick(running));
    }

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

    private Keypair otherThanAny(List<Keypair> group) {
        Keypair other = pick(everyone);
        while (group.contains(other)) {
            other = pick(everyone);
        }
        return other;
    }

    private Hash randomHash() {
        byte[] bytes = new byte[Hash.LENGTH];
        random.nextBytes(bytes);
        return new Hash(bytes);
    }

    /** A uniform long in {@code [0, bound)}; {@code bound} must be positive. */
    private long nextLong(long bound) {
        return random.nextLong(bound);
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private <T> T pick(T[] array) {
        return array[random.nextInt(array.length)];
    }

    /** What the generator tracks about a state, refreshed once per transaction without scanning every job. */
    private final class View {
        final LedgerState state;
        final List<Job> queued = new ArrayList<>();
        final List<Job> leased = new ArrayList<>();
        final List<Job> completed = new ArrayList<>();
        final List<Provider> providers;
        final List<Proposal> allProposals = new ArrayList<>();
        final List<Proposal> openProposals = new ArrayList<>();

        View(LedgerState state) {
            this.state = state;
            if (pending != null) {
                Hash created = pending.hash();
                if (pending.payload() instanceof SubmitJob && state.job(created).isPresent()) {
                    openJobs.add(created);
                }
                if (pending.payload() instanceof ProposeParams && state.proposals().get(created).isPresent()) {
                    proposals.addLast(created);
                    if (proposals.size() > 32) {
                        proposals.removeFirst();
                    }
                }
                pending = null;
            }
            var iterator = openJobs.iterator();
            while (iterator.hasNext()) {
                Hash id = iterator.next();
                Job job = state.job(id).orElseThrow(() -> new IllegalStateException("a job vanished: " + id));
                switch (job.status()) {
                    case QUEUED -> queued.add(job);
                    case LEASED -> leased.add(job);
                    case COMPLETED -> completed.add(job);
                    default -> {
                        iterator.remove();
                        closedJobs.addLast(id);
                        if (closedJobs.size() > 64) {
                            closedJobs.removeFirst();
                        }
                    }
                }
            }
            this.providers = List.copyOf(state.providers().values());
            for (Hash id : proposals) {
                Proposal proposal = state.proposals().get(id).orElseThrow();
                allProposals.add(proposal);
                if (!proposal.executed() && state.now() <= proposal.expiresAt()) {
                    openProposals.add(proposal);
                }
            }
        }

        NetworkParams params() {
            return state.network().orElseThrow().params();
        }

        long epochEnd() {
            return state.clock().epochEnd(params().emission().epochSeconds());
        }

        long nextNonce(Keypair signer) {
            return state.account(signer.address()).nonce() + 1;
        }

        long balance(Keypair keypair) {
            return state.account(keypair.address()).balance();
        }

        /** Gangs with a seat to place: queued ones, and leased ones that lost a member. */
        List<Job> waitingGangs() {
            List<Job> waiting = new ArrayList<>();
            queued.stream().filter(job -> job.spec().isGang()).forEach(waiting::add);
            leased.stream().filter(job -> job.spec().isGang() && !job.vacantSeats().isEmpty()).forEach(waiting::add);
            return waiting;
        }

        boolean gangsWaiting() {
            return !waitingGangs().isEmpty();
        }

        /** Some job's id, open or closed, or a random one when there is none. */
        Hash anyJob() {
            int open = queued.size() + leased.size() + completed.size();
            int total = open + closedJobs.size();
            if (total == 0) {
                return randomHash();
            }
            int index = random.nextInt(total);
            if (index < queued.size()) {
                return queued.get(index).id();
            }
            index -= queued.size();
            if (index < leased.size()) {
                return leased.get(index).id();
            }
            index -= leased.size();
            if (index < completed.size()) {
                return completed.get(index).id();
            }
            index -= completed.size();
            int i = 0;
            for (Hash id : closedJobs) {
                if (i++ == index) {
                    return id;
                }
            }
            throw new IllegalStateException("unreachable");
        }
    }
}
