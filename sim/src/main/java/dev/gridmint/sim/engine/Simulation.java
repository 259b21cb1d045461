package dev.gridmint.sim.engine;

import dev.gridmint.core.economics.Slashing;
import dev.gridmint.core.economics.VaultBreaker;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.sim.config.AgentParams;
import dev.gridmint.sim.config.PartnerProgram;
import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.market.Amm;
import java.util.ArrayList;
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
    private final List<EpochTrace> traces;
    private double costMultiplier = 1;
    private long lastStakerReward;
    private long[] scratchRewards = new long[0];

    private Simulation(SimConfig config, SplittableRandom random, boolean trace) {
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
        this.recorder = new EpochRecorder(config.epochs(), providers, ledger, flows, stakers, churn);
        this.traces = trace ? new ArrayList<>() : null;
    }

    /** Runs {@code config} with {@code random}. */
    public static RunResult run(SimConfig config, SplittableRandom random) {
        var sim = new Simulation(config, random, false);
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
        long totalGpus = providers.totalGpus();
        double utilization = totalGpus == 0 ? 0 : Math.min(1, demand / servicePriceUsd / (totalGpus * 24.0));
        long servedSeconds = (long) Math.floor(utilization * DAY);
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
        long treasuryGrid = settle(price);
        if (dustRefund) {
            flows.sell(ledger.refund(ledger.creditsOutstanding, price) / MICRO);
            payDirect(servedSeconds, servicePrice);
        }
        // 5. Emission.
        if (scratchRewards.length < providers.size()) {
            scratchRewards = new long[providers.gpus.length];
        }
        var emission = ledger.closeEpoch(t, price, providers.size(), providers.billed, providers.gpus, scratchRewards);
        System.arraycopy(scratchRewards, 0, providers.reward, 0, providers.size());
        long checkerEmission = ledger.checkerEmission(t);
        double operatorGrid = payCheckers(checkerEmission);
        if (traces != null) {
            traces.add(trace(t, price, servicePrice, busySeconds, creditsMinted, gridBurned, treasuryGrid, emission));
        }
        // 7. Slashing (before the sale: rewards first, L17).
        operatorGrid += slash();
        // 6. Market.
        claimAndSell(price / MICRO);
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
        recorder.margins(t);
        churn.exit(t);
        churn.enter(demand, servicePriceUsd, emission.paid() / MICRO * flows.amm.price(), costMultiplier);
        recorder.record(t, price, utilization, demand, emission.paid() + checkerEmission, emission.burn());
    }

    /** Bills every provider {@code seconds} of all its GPUs at the service price (L4, Pricing.leaseCharge). */
    private long bill(long seconds, long servicePrice) {
        for (int i = 0; i < providers.size(); i++) {
            providers.billed[i] = Pricing.leaseCharge(servicePrice, providers.gpus[i], seconds);
        }
        return seconds;
    }

    private long totalBilled() {
        long total = 0;
        for (int i = 0; i < providers.size(); i++) {
            total += providers.billed[i];
        }
        return total;
    }

    /** L6 per provider; under emission-only the tenant pays USD instead and nothing touches the vault. */
    private long settle(long price) {
        long treasury = 0;
        for (int i = 0; i < providers.size(); i++) {
            if (config.design().burnAndMint()) {
                var settled = ledger.settle(providers.billed[i], price);
                providers.settlementGrid[i] = settled.providerGrid();
                treasury += settled.treasuryGrid();
            } else {
                providers.settlementGrid[i] = 0;
            }
        }
        return treasury;
    }

    /**
     * L7's direct-GRID fallback while credit minting is halted: what the credits could not cover
     * the tenants pay by buying GRID and transferring it (no vault, no fee, and no work weight,
     * since the ledger never sees it as settled).
     */
    private void payDirect(long servedSeconds, long servicePrice) {
        long[] owed = new long[providers.size()];
        long total = 0;
        for (int i = 0; i < providers.size(); i++) {
            owed[i] = Math.max(0, Pricing.leaseCharge(servicePrice, providers.gpus[i], servedSeconds) - providers.billed[i]);
            total += owed[i];
        }
        if (total == 0) {
            return;
        }
        double grid = flows.buyWithUsd(total / MICRO);
        for (int i = 0; i < providers.size(); i++) {
            providers.settlementGrid[i] += Math.round(grid * MICRO * ((double) owed[i] / total));
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
        long[] minted = new long[1];
        long toOperators = stakers.reward(pool, config.economy().staking().delegationCommissionBps(), minted);
        ledger.mint(minted[0]);
        lastStakerReward = minted[0] - toOperators;
        return toOperators / MICRO;
    }

    /** L15–L17: undeclared outages with the agents' fault chance; the stake is topped up at once. Returns the bounties. */
    private double slash() {
        var terms = config.economy().slashing();
        double bounties = 0;
        for (int i = 0; i < providers.size(); i++) {
            providers.slashed[i] = 0;
            if (agents.faultProbability() == 0 || random.nextDouble() >= agents.faultProbability()) {
                continue;
            }
            long required = providers.gpus[i] * stakePerGpu;
            long amount = Slashing.amount(Slashing.Offence.UNDECLARED_OUTAGE, terms, providers.lastReward[i], required,
                    providers.age[i]);
            var take = Slashing.take(amount, providers.reward[i], providers.stake[i], 0);
            var split = Slashing.split(take.total(), terms.reporterShareBps());
            providers.reward[i] -= take.fromRewards();
            providers.stake[i] -= take.fromBonded();
            providers.slashed[i] = take.fromBonded();
            ledger.burnForGood(split.burned());
            bounties += split.toReporter() / MICRO;
        }
        return bounties;
    }

    /**
     * Providers claim their payments and rewards, value them at the epoch's price, record their
     * margin and sell: their costs' worth, then the unheld share of the surplus. Returns the
     * providers' total USD income.
     */
    private double claimAndSell(double price) {
        double sell = 0;
        double income = 0;
        boolean usdPaid = !config.design().burnAndMint();
        for (int i = 0; i < providers.size(); i++) {
            long earnedGrid = providers.settlementGrid[i] + providers.reward[i];
            providers.balance[i] += earnedGrid;
            providers.lastReward[i] = providers.reward[i];
            double usdRevenue = usdPaid ? providers.billed[i] / MICRO : 0;
            double cost = providers.gpus[i] * 24 * providers.costPerGpuHour[i] * costMultiplier;
            double topUp = 0;
            if (providers.slashed[i] > 0) {
                double usd = flows.buyExactGrid(providers.slashed[i] / MICRO);
                if (!Double.isNaN(usd)) {
                    topUp = usd;
                    providers.stake[i] += providers.slashed[i];
                }
            }
            double earnedUsd = earnedGrid / MICRO * price + usdRevenue;
            income += earnedUsd;
            providers.recordMargin(i, earnedUsd - cost - topUp);
            double needed = Math.max(0, cost - usdRevenue) / price;
            double surplus = Math.max(0, earnedGrid / MICRO - needed);
            double want = needed + (1 - providers.hold[i]) * surplus;
            long grid = Math.min(providers.balance[i], Math.round(want * MICRO));
            providers.balance[i] -= grid;
            sell += grid / MICRO;
        }
        flows.sell(sell);
        return income;
    }

    private EpochTrace trace(int t, long price, long servicePrice, long busySeconds, long creditsMinted, long gridBurned,
            long treasuryGrid, TokenLedger.Emission emission) {
        var list = new ArrayList<EpochTrace.ProviderTrace>();
        for (int i = 0; i < providers.size(); i++) {
            list.add(new EpochTrace.ProviderTrace(providers.gpus[i], providers.stake[i], providers.billed[i],
                    providers.settlementGrid[i], providers.reward[i]));
        }
        return new EpochTrace(t, price, servicePrice, busySeconds, creditsMinted, gridBurned, list, treasuryGrid,
                emission.scheduled(), emission.released(), emission.work(), emission.availability(), emission.fromVault(),
                ledger.vault, ledger.creditsOutstanding);
    }


}
