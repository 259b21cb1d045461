package dev.gridmint.sim.engine;

import dev.gridmint.core.economics.Slashing;
import dev.gridmint.core.economics.VaultBreaker;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.PartnerProgram;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.market.Amm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One run: daily epochs in the order of spec (b), cadCAD-style, each step a method of its own.
 * Exact money (credits, settlement, emission, slashing) goes through {@link TokenLedger}, i.e.
 * core's rules; behaviour (demand, selling, entry and exit, trading) is modelled in doubles.
 * Slashing runs before the sale, so that it takes unclaimed rewards first as the ledger does
 * (L17). Every draw comes from the {@link SplittableRandom} given, so a seed fixes the run.
 */
public final class Simulation {

    private static final double MICRO = 1e6;
    private static final long DAY = 86_400;
    private static final long H100_MEMORY_MB = 80L * 1024;
    private static final int SUM_ROW = Providers.MAX_GPUS + 1;

    private final SimConfig config;
    private final AgentParams agents;
    private final SplittableRandom random;
    private final TokenLedger ledger;
    private final Providers providers;
    private final Flows flows;
    private final Tenants tenants;
    private final Speculators speculators;
    private final Stakers stakers;
    private final long stakePerGpu;
    private final Churn churn;
    private final EpochRecorder recorder;
    private final Margins margins;
    private final List<EpochTrace> traces;
    private double costMultiplier = 1;
    private long lastStakerReward;
    private final long[] minted = new long[1];
    private final GpuClasses classes = new GpuClasses();
    private final double faultLog;
    private final VectorClaim vectorClaim;
    // Per GPU count, this epoch: what the claim reads (see claimAndSell) and what the direct fallback owes.
    private final long[] earnedGrid = new long[Providers.MAX_GPUS + 1];
    private final double[] earnedUsd = new double[Providers.MAX_GPUS + 1];
    private final double[] earnedWhole = new double[Providers.MAX_GPUS + 1];
    private final double[] usdRevenue = new double[Providers.MAX_GPUS + 1];
    private final long[] owed = new long[Providers.MAX_GPUS + 1];
    private static final int TABLE_ROW = 8;
    private final double[] classTable = new double[(Providers.MAX_GPUS + 1) * TABLE_ROW];
    /** Set when the max supply cut a payout short: settlements were paid one by one, into {@link #settlementOf}. */
    private boolean settledPerProvider;
    private long[] settlementOf = new long[0];
    // This epoch's slashes, by ascending provider index, and the stake each took.
    private int faults;
    private int[] faultIndex = new int[16];
    private long[] faultBonded = new long[16];
    // Who leaves at the end of the epoch (ascending), and the margin counts for the recorder.
    private int[] leaving = new int[16];
    private int leavingCount;
    // The claim's running totals, over its two passes: micro-GRID sold, the providers with their own margins.
    private long sold;
    private int[] own = new int[16];
    private int ownFault;
    private int negativeMargins;
    private int negativeRolling;
    private int sampled;

    /**
     * Whether the claim's usual case runs on the Vector API: the {@code jdk.incubator.vector}
     * module is present (the launcher adds it to the simulator's commands) and the hardware has
     * vectors of 4 doubles or more. The results are the same either way.
     */
    static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("gridmint.sim.scalar") && VectorClaim.usable();

    private Simulation(SimConfig config, SplittableRandom random, boolean trace) {
        this(config, random, trace, VECTOR);
    }

    private Simulation(SimConfig config, SplittableRandom random, boolean trace, boolean vector) {
        this.vectorClaim = vector ? new VectorClaim() : null;
        this.config = config;
        this.agents = config.agents();
        this.random = random;
        this.ledger = new TokenLedger(config.economy(), Math.round(agents.genesisSupply() * MICRO));
        this.flows = new Flows(new Amm(agents.ammGrid(), agents.ammUsd(), Amm.DEFAULT_FEE));
        this.tenants = new Tenants(agents, config.scenario());
        double price = flows.amm.price();
        this.speculators = new Speculators(agents.speculatorBudgetUsd() * config.scenario().speculatorScale(), price);
        this.stakers = config.design().staking()
                ? new Stakers(agents.stakerCapitalUsd(), price, agents.outsideYield(), agents.stakingPremium(),
                        PartnerProgram.DEFAULT) : null;
        this.stakePerGpu = config.economy().staking().gpuUnitFor(H100_MEMORY_MB);
        this.providers = new Providers(agents.initialProviders());
        this.churn = new Churn(providers, flows, agents, random, stakePerGpu,
                (int) Math.max(1, config.economy().staking().unbondingSeconds() / DAY),
                config.economy().credits().protocolFeeBps());
        churn.addInitial(agents.initialProviders());
        this.margins = new Margins(providers);
        this.recorder = new EpochRecorder(config.epochs(), providers, margins, ledger, flows, stakers, churn);
        this.traces = trace ? new ArrayList<>() : null;
        this.faultLog = Math.log1p(-agents.faultProbability());
    }

    /** Runs {@code config} with {@code random}. */
    public static RunResult run(SimConfig config, SplittableRandom random) {
        var sim = new Simulation(config, random, false);
        for (int t = 0; t < config.epochs(); t++) {
            sim.epoch(t);
        }
        return new RunResult(sim.recorder.series(), config.agents().initialProviders());
    }

    /** Runs {@code config} with the claim's vector kernel or without it (for comparing the two). */
    static RunResult run(SimConfig config, SplittableRandom random, boolean vector) {
        var sim = new Simulation(config, random, false, vector && VECTOR);
        for (int t = 0; t < config.epochs(); t++) {
            sim.epoch(t);
        }
        return new RunResult(sim.recorder.series(), config.agents().initialProviders());
    }

    /** Runs and keeps each epoch's ledger trace, for replaying it through the real ledger. */
    public static List<EpochTrace> trace(SimConfig config, SplittableRandom random) {
        var sim = new Simulation(config, random, true);
        for (int t = 0; t < config.epochs(); t++) {
            sim.epoch(t);
        }
        return List.copyOf(sim.traces);
    }

    private void epoch(int t) {
        flows.reset();
        // 1. Exogenous inputs.
        costMultiplier *= 1 + config.scenario().costInflation();
        churn.releaseUnbonded(t);
        long price = Math.max(1, Math.round(flows.amm.price() * MICRO));
        double servicePriceUsd = agents.servicePriceUsd() * costMultiplier;
        long servicePrice = Math.max(1, Math.round(servicePriceUsd * MICRO));
        // 2–3. Demand, service and the tenants' credits.
        double demand = tenants.demandUsd(t, servicePriceUsd, random);
        long totalGpus = providers.totalGpus;
        double utilization = totalGpus == 0 ? 0 : Math.min(1, demand / servicePriceUsd / (totalGpus * 24.0));
        long servedSeconds = (long) Math.floor(utilization * DAY);
        classes.refresh(providers.perClass);
        long busySeconds = bill(servedSeconds, servicePrice);
        long creditsMinted = 0;
        long gridBurned = 0;
        boolean dustRefund = false;
        if (config.design().burnAndMint()) {
            long billedTotal = totalBilled();
            creditsMinted = Math.max(0, 2 * billedTotal - ledger.creditsOutstanding);
            if (creditsMinted > 0 && ledger.breaker(price) != VaultBreaker.HALT) {
                gridBurned = ledger.gridForCredits(creditsMinted, price);
                if (Double.isNaN(flows.buyExactGrid(gridBurned / MICRO))) {
                    creditsMinted = 0;
                    gridBurned = 0;
                } else {
                    ledger.mintCredits(creditsMinted, gridBurned);
                }
            } else {
                creditsMinted = 0;
            }
            if (ledger.creditsOutstanding < billedTotal) {
                // Halted (L7), or the pool too shallow: the credits left are spent and the dust refunded (L2), so
                // an empty vault with a few credits outstanding cannot hold the breaker shut for good.
                // Seconds the credits cover at the undivided rate: the per-provider floors can then only bill less.
                long affordable = ledger.creditsOutstanding * 3_600 / (servicePrice * Math.max(1, totalGpus));
                busySeconds = bill(Math.min(busySeconds, affordable), servicePrice);
                dustRefund = true;
            }
        }
        // 4. Settlement.
        long treasuryGrid = settle(t, price);
        if (dustRefund) {
            flows.sell(ledger.refund(ledger.creditsOutstanding, price) / MICRO);
            payDirect(servedSeconds, servicePrice);
        }
        // 5. Emission.
        classes.rollRewards();
        var emission = ledger.closeEpoch(t, price, classes, providers.perClass);
        long checkerEmission = ledger.checkerEmission(t);
        double operatorGrid = payCheckers(checkerEmission);
        if (traces != null) {
            traces.add(trace(t, price, servicePrice, busySeconds, creditsMinted, gridBurned, treasuryGrid, emission));
        }
        // 7. Slashing (before the sale: rewards first, L17).
        operatorGrid += slash(t);
        // 6. Market.
        claimAndSell(t, price / MICRO);
        flows.sell(operatorGrid);
        if (t == config.scenario().unlockEpoch()) {
            flows.sell(flows.amm.grid() * config.scenario().unlockShare());
        }
        speculators.trade(flows);
        if (stakers != null) {
            stakers.partnerEpoch(t);
            stakers.rebalance(flows, lastStakerReward);
        }
        flows.movePrice(Math.exp(config.scenario().macroDrift() + config.scenario().macroVol() * random.nextGaussian()));
        // 8. Churn and entry; margins are those of the providers who worked the epoch, the count is the one left.
        recorder.margins(t, providers.size(), negativeMargins, negativeRolling, sampled);
        churn.exit(t, leaving, leavingCount);
        churn.enter(t, demand, servicePriceUsd, emission.paid() / MICRO * flows.amm.price(), costMultiplier);
        recorder.record(t, price, utilization, demand, emission.paid() + checkerEmission, emission.burn());
    }

    /** Bills every provider {@code seconds} of all its GPUs at the service price (L4, Pricing.leaseCharge), per GPU count. */
    private long bill(long seconds, long servicePrice) {
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            classes.billed[g] = Pricing.leaseCharge(servicePrice, g, seconds);
        }
        return seconds;
    }

    private long totalBilled() {
        long total = 0;
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            total += providers.perClass[g] * classes.billed[g];
        }
        return total;
    }

    /**
     * L6 for every provider; under emission-only the tenant pays USD instead and nothing touches
     * the vault. One quote per GPU count, paid all at once, unless the max supply would cut a
     * payout short: then, as on the ledger, one by one in provider order, and the later ones get less.
     */
    private long settle(int t, long price) {
        settledPerProvider = false;
        if (!config.design().burnAndMint()) {
            for (int c = 0; c < classes.size; c++) {
                classes.settlement[classes.present[c]] = 0;
            }
            return 0;
        }
        long billedTotal = 0;
        long providerTotal = 0;
        long treasuryTotal = 0;
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            var quote = ledger.quote(classes.billed[g], price);
            classes.settlement[g] = quote.providerGrid();
            int count = providers.perClass[g];
            billedTotal += count * classes.billed[g];
            providerTotal += count * quote.providerGrid();
            treasuryTotal += count * quote.treasuryGrid();
        }
        if (ledger.paysInFull(providerTotal + treasuryTotal)) {
            ledger.settleInFull(billedTotal, providerTotal, treasuryTotal);
            return treasuryTotal;
        }
        settledPerProvider = true;
        if (settlementOf.length < providers.size()) {
            settlementOf = new long[providers.gpus.length];
        }
        long treasury = 0;
        for (int i = 0; i < providers.size(); i++) {
            var settled = ledger.settle(classes.billed[providers.gpus[i]], price);
            settlementOf[i] = settled.providerGrid();
            treasury += settled.treasuryGrid();
        }
        return treasury;
    }

    /**
     * L7's direct-GRID fallback while credit minting is halted: what the credits could not cover
     * the tenants pay by buying GRID and transferring it (no vault, no fee, and no work weight,
     * since the ledger never sees it as settled).
     */
    private void payDirect(long servedSeconds, long servicePrice) {
        long total = 0;
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            owed[g] = Math.max(0, Pricing.leaseCharge(servicePrice, g, servedSeconds) - classes.billed[g]);
            total += providers.perClass[g] * owed[g];
        }
        if (total == 0) {
            return;
        }
        double grid = flows.buyWithUsd(total / MICRO);
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            owed[g] = Math.round(grid * MICRO * ((double) owed[g] / total));
            classes.settlement[g] += owed[g];
        }
        if (settledPerProvider) {
            for (int i = 0; i < providers.size(); i++) {
                settlementOf[i] += owed[providers.gpus[i]];
            }
        }
    }

    /** The checkers' emission: to stakers through the reward index, or to operators who sell it. Returns GRID to sell. */
    private double payCheckers(long pool) {
        if (pool == 0) {
            lastStakerReward = 0;
            return 0;
        }
        if (stakers == null) {
            ledger.mint(pool);
            return pool / MICRO;
        }
        long toOperators = stakers.reward(pool, config.economy().staking().delegationCommissionBps(), minted);
        ledger.mint(minted[0]);
        lastStakerReward = minted[0] - toOperators;
        return toOperators / MICRO;
    }

    /**
     * L15–L17: undeclared outages, each provider with the agents' fault chance; the stake is
     * topped up in the claim. Rather than a draw per provider, the gap to the next faulty one is
     * drawn, geometric with that chance, so the cost is the faults, not the providers. The slash
     * is a day's reward (the last epoch's, what the provider claimed) times the outage's days,
     * taken from this epoch's unclaimed reward first. Returns the reporters' bounties.
     */
    private double slash(int t) {
        faults = 0;
        if (agents.faultProbability() == 0) {
            return 0;
        }
        var terms = config.economy().slashing();
        double bounties = 0;
        int n = providers.size();
        for (long i = nextFault(-1); i < n; i = nextFault(i)) {
            int k = (int) i;
            int g = providers.gpus[k];
            int age = providers.age(k, t);
            long lastReward = age == 0 ? 0
                    : classes.previousReward[g] - (providers.slashedAt[k] == t - 1 ? providers.rewardTaken[k] : 0);
            long amount = Slashing.amount(Slashing.Offence.UNDECLARED_OUTAGE, terms, lastReward, g * stakePerGpu, age);
            var take = Slashing.take(amount, classes.reward[g], providers.stake[k], 0);
            var split = Slashing.split(take.total(), terms.reporterShareBps());
            providers.slashedAt[k] = t;
            margins.ownUntil(k, t);
            providers.rewardTaken[k] = take.fromRewards();
            providers.changeStake(k, -take.fromBonded());
            if (faults == faultIndex.length) {
                faultIndex = Arrays.copyOf(faultIndex, faults * 2);
                faultBonded = Arrays.copyOf(faultBonded, faults * 2);
            }
            faultIndex[faults] = k;
            faultBonded[faults++] = take.fromBonded();
            ledger.burnForGood(split.burned());
            bounties += split.toReporter() / MICRO;
        }
        return bounties;
    }

    /** The index of the next faulty provider after {@code i}: P(gap ≥ k) = (1 − p)^k. */
    private long nextFault(long i) {
        if (agents.faultProbability() >= 1) {
            return i + 1;
        }
        double gap = Math.floor(Math.log(1 - random.nextDouble()) / faultLog);
        return gap >= Integer.MAX_VALUE ? Long.MAX_VALUE : i + 1 + (long) gap;
    }

    /**
     * Providers claim their payments and rewards, value them at the epoch's price, record their
     * margin and sell: their costs' worth, then the unheld share of the surplus. What a provider
     * earned, and its margins, are its GPU count's (looked up, see {@link Margins}), except for
     * the recently slashed (and everyone after payouts were cut short by the max supply): one tight pass does the others and lists these, and a second pass does these. The
     * result is the same as one pass in provider order: the only trades in the claim are the
     * slashed providers' stake top-ups, made in provider order in the second pass, and the sale
     * is one trade of the total.
     */
    private void claimAndSell(int t, double price) {
        boolean usdPaid = !config.design().burnAndMint();
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            long earned = classes.settlement[g] + classes.reward[g];
            usdRevenue[g] = usdPaid ? classes.billed[g] / MICRO : 0;
            earnedGrid[g] = earned;
            earnedWhole[g] = earned / MICRO;
            earnedUsd[g] = earned / MICRO * price + usdRevenue[g];
        }
        margins.startEpoch(t, classes, earnedUsd, costMultiplier);
        int n = providers.size();
        if (leaving.length < n) {
            leaving = new int[providers.gpus.length];
            own = new int[providers.gpus.length];
        }
        sold = 0;
        ownFault = 0;
        negativeMargins = 0;
        negativeRolling = 0;
        leavingCount = 0;
        sampled = 0;
        int owners = settledPerProvider ? listEveryone(n) : claimShared(t, price, n);
        for (int k = 0; k < owners; k++) {
            claimOwn(t, price, own[k], EpochRecorder.stride(n));
        }
        if (owners > 0) {
            Arrays.sort(leaving, 0, leavingCount);
        }
        flows.sell(sold / MICRO);
    }

    private int listEveryone(int n) {
        for (int i = 0; i < n; i++) {
            own[i] = i;
        }
        return n;
    }

    /**
     * The providers whose margins are their GPU count's: a pass over primitive columns with
     * table lookups and no calls, which is most of the simulator's time. Returns how many
     * providers it left to {@link #claimOwn}, listed in {@link #own}.
     */
    private int claimShared(int t, double price, int n) {
        int[] gpus = providers.gpus;
        float[] dailyCost = providers.dailyCost;
        float[] hold = providers.hold;
        long[] balance = providers.balance;
        int[] ownUntil = providers.ownMarginsUntil;
        int[] owners = own;
        int[] leaving = this.leaving;
        int[] lastWritten = providers.lastWritten;
        double[] sampleMargin = recorder.sampleMargin;
        double[] sampleRolling = recorder.sampleRolling;
        int[] joined = providers.joined;
        int[] slashedAt = providers.slashedAt;
        double[] earnedSum = margins.earnedSum;
        double[] multiplierSum = margins.multiplierSum;
        double[] table = classTable(t);
        double invPrice = 1 / price;
        double multiplier = costMultiplier;
        double fourEpochMultiplier = multiplierSum[Providers.MARGIN_WINDOW - 1];
        int stride = EpochRecorder.stride(n);
        int ownCount = 0;
        long soldMicro = 0;
        int negative = 0;
        int negativeSum = 0;
        int leaveCount = 0;
        int samples = 0;
        boolean usdPaid = !config.design().burnAndMint();
        VectorClaim kernel = usdPaid ? null : vectorClaim;
        if (kernel != null) {
            kernel.sold = 0;
            kernel.negative = 0;
        }
        int i = 0;
        while (i < n) {
            int end = n;
            if (kernel != null) {
                i = kernel.claim(i, n, t, gpus, dailyCost, hold, balance, ownUntil, margins.earnedUsd[t % Providers.MARGIN_WINDOW],
                        earnedSum, (Providers.MARGIN_WINDOW - 1) * SUM_ROW, earnedWhole, earnedGrid, multiplier,
                        fourEpochMultiplier, invPrice);
                end = Math.min(n, i + VectorClaim.LANES);
            }
        for (; i < end; i++) {
            int g = gpus[i];
            int row = g * TABLE_ROW;
            double daily = dailyCost[i];
            double cost = daily * multiplier;
            // a − b < 0 exactly when a < b (for finite doubles, gradual underflow keeps a − b nonzero when a ≠ b).
            negative += table[row] < cost ? 1 : 0;
            boolean leaves;
            if (t <= ownUntil[i]) {
                // Young (fewer than four claims: a shorter sum) or slashed in the last four epochs.
                if (slashedAt[i] == t) {
                    // Slashed this epoch: left to claimOwn, whose margin is not this one.
                    negative -= table[row] < cost ? 1 : 0;
                    owners[ownCount++] = i;
                    continue;
                }
                int age = t - joined[i];
                int a = Math.min(age, Providers.MARGIN_WINDOW - 1);
                double rolling = earnedSum[a * SUM_ROW + g] - daily * multiplierSum[a];
                if (lastWritten[i] >= t - Providers.MARGIN_WINDOW + 1) {
                    rolling += margins.deviations(i, t);
                }
                leaves = rolling < 0;
                negativeSum += leaves ? 1 : 0;
                leaves &= age >= Providers.MARGIN_WINDOW - 1;
            } else {
                leaves = table[row + 1] < daily * fourEpochMultiplier;
                negativeSum += leaves ? 1 : 0;
            }
            if (leaves) {
                leaving[leaveCount++] = i;
            }
            long held = balance[i] + Double.doubleToRawLongBits(table[row + 4]);
            // x > 0 ? x : 0 is Math.max(0, x) for every number but NaN (both give +0.0 for -0.0), and cheaper.
            // Without USD revenue the shortfall is the cost, which is positive.
            double shortfall = usdPaid ? cost - table[row + 3] : cost;
            double needed = (shortfall > 0 ? shortfall : 0) * invPrice;
            double surplus = table[row + 2] - needed;
            double want = needed + (1 - (double) hold[i]) * (surplus > 0 ? surplus : 0);
            long sell = Math.min(held, roundNonNegative(want * MICRO));
            balance[i] = held - sell;
            soldMicro += sell;
        }
        }
        if (kernel != null) {
            soldMicro += kernel.sold;
            negative += kernel.negative;
        }
        // The sample, every stride-th provider, as the claim would have taken it in provider order
        // (the slashed are sampled by claimOwn).
        // The usual provider's margin and sum are Margins.margin's and rolling's without their other reads.
        double[] now = margins.earnedUsd[t % Providers.MARGIN_WINDOW];
        int fourEpochs = (Providers.MARGIN_WINDOW - 1) * SUM_ROW;
        for (int k = 0; k < n; k += stride) {
            if (t > ownUntil[k]) {
                double daily = dailyCost[k];
                sampleMargin[samples] = now[gpus[k]] - daily * multiplier;
                sampleRolling[samples++] = earnedSum[fourEpochs + gpus[k]] - daily * fourEpochMultiplier;
            } else if (slashedAt[k] != t) {
                sampleMargin[samples] = margins.margin(k, t);
                sampleRolling[samples++] = margins.rolling(k, t);
            }
        }
        sold += soldMicro;
        negativeMargins += negative;
        negativeRolling += negativeSum;
        leavingCount += leaveCount;
        sampled += samples;
        return ownCount;
    }

    /**
     * What the claim looks up per GPU count, interleaved so that a provider's lookups share one
     * cache line: the epoch's USD earned, the four-epoch earned sum, the GRID earned (whole and,
     * as raw bits, in micro-GRID) and the USD revenue.
     */
    private double[] classTable(int t) {
        double[] now = margins.earnedUsd[t % Providers.MARGIN_WINDOW];
        double[] earnedSum = margins.earnedSum;
        int fourEpochs = (Providers.MARGIN_WINDOW - 1) * SUM_ROW;
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            int row = g * TABLE_ROW;
            classTable[row] = now[g];
            classTable[row + 1] = earnedSum[fourEpochs + g];
            classTable[row + 2] = earnedWhole[g];
            classTable[row + 3] = usdRevenue[g];
            classTable[row + 4] = Double.longBitsToDouble(earnedGrid[g]);
        }
        return classTable;
    }

    /** One provider with its own margins: a slash took from its reward and stake (bought back at once), or payouts were made one by one. */
    private void claimOwn(int t, double price, int i, int stride) {
        int g = providers.gpus[i];
        long earned = (settledPerProvider ? settlementOf[i] : classes.settlement[g]) + classes.reward[g]
                - (providers.slashedAt[i] == t ? providers.rewardTaken[i] : 0);
        double topUp = 0;
        if (ownFault < faults && faultIndex[ownFault] == i) {
            long bonded = faultBonded[ownFault++];
            double paid = bonded > 0 ? flows.buyExactGrid(bonded / MICRO) : 0;
            if (bonded > 0 && !Double.isNaN(paid)) {
                topUp = paid;
                providers.changeStake(i, bonded);
            }
        }
        double cost = (double) providers.dailyCost[i] * costMultiplier;
        double margin = earned / MICRO * price + usdRevenue[g] - cost - topUp;
        double rolling = margins.recordOwn(i, t, margin);
        long held = providers.balance[i] + earned;
        double shortfall = cost - usdRevenue[g];
        double needed = (shortfall > 0 ? shortfall : 0) * (1 / price);
        double surplus = earned / MICRO - needed;
        double want = needed + (1 - (double) providers.hold[i]) * (surplus > 0 ? surplus : 0);
        long sell = Math.min(held, roundNonNegative(want * MICRO));
        providers.balance[i] = held - sell;
        sold += sell;
        negativeMargins += margin < 0 ? 1 : 0;
        if (rolling < 0) {
            negativeRolling++;
            if (providers.age(i, t) + 1 >= Providers.MARGIN_WINDOW) {
                leaving[leavingCount++] = i;
            }
        }
        if (i % stride == 0) {
            recorder.sampleMargin[sampled] = margin;
            recorder.sampleRolling[sampled++] = rolling;
        }
    }

    /**
     * {@link Math#round} for a non-negative (or NaN) {@code x}, in a form the JIT compiles to a
     * few instructions and no unpredictable branch (Math.round's, and a test of the fraction, cost
     * more than the rest of the claim): {@code x + 0.5} truncated is right unless the addition
     * rounded up across an integer, which {@code r − 0.5 > x} detects ({@code r − 0.5} is exact
     * wherever the addition can round so).
     */
    static long roundNonNegative(double x) {
        long r = (long) (x + 0.5);
        return r - 0.5 > x ? r - 1 : r;
    }

    private EpochTrace trace(int t, long price, long servicePrice, long busySeconds, long creditsMinted, long gridBurned,
            long treasuryGrid, TokenLedger.Emission emission) {
        var list = new ArrayList<EpochTrace.ProviderTrace>();
        for (int i = 0; i < providers.size(); i++) {
            int g = providers.gpus[i];
            list.add(new EpochTrace.ProviderTrace(g, providers.stake[i], classes.billed[g],
                    settledPerProvider ? settlementOf[i] : classes.settlement[g], classes.reward[g]));
        }
        return new EpochTrace(t, price, servicePrice, busySeconds, creditsMinted, gridBurned, list, treasuryGrid,
                emission.scheduled(), emission.released(), emission.work(), emission.availability(), emission.fromVault(),
                ledger.vault, ledger.creditsOutstanding);
    }
}
