package dev.gridmint.sim.engine;

import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.EmissionSchedule;
import dev.gridmint.core.economics.NetEmission;
import dev.gridmint.core.economics.RewardSplit;
import dev.gridmint.core.economics.VaultBreaker;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.sim.config.EconomyParams;

/**
 * The protocol's money in the ledger's exact units (micro-GRID, micro-CC, micro-USD per GRID),
 * moved only by core's rules: {@link Bme} for credits, payouts and the vault surplus, {@link
 * Pricing#fee} for the treasury's cut, {@link EmissionSchedule}, {@link NetEmission} and {@link
 * RewardSplit} for the epoch close, in the order {@code EpochRules} and {@code LeaseRules} apply
 * them. This is what makes one simulated epoch replayable as ledger transactions.
 */
final class TokenLedger {

    /** What one provider's settlement paid: the provider and the treasury, in micro-GRID. */
    record Settled(long providerGrid, long treasuryGrid, long fee) {}

    /** What an epoch close emitted, in micro-GRID, as the ledger's {@code EpochSummary} reports it. */
    record Emission(long scheduled, long released, long work, long availability, long fromVault, long mintedForProviders,
            long burn) {
        long paid() {
            return work + availability;
        }
    }

    private final EconomyParams params;
    private final long genesisSupply;
    long vault;
    long creditsOutstanding;
    long minted;
    long burned;
    long treasury;
    long netTarget;
    long burnThisEpoch;
    long burnLastEpoch;

    TokenLedger(EconomyParams params, long genesisSupply) {
        this.params = params;
        this.genesisSupply = genesisSupply;
    }

    /** {@code minted − burned}, genesis included: what counts against the max supply. */
    long outstanding() {
        return genesisSupply + minted - burned;
    }

    long headroom() {
        return Math.max(0, params.token().maxSupply() - outstanding());
    }

    VaultBreaker breaker(long price) {
        var credits = params.credits();
        return Bme.breaker(Bme.collateralRatioBps(vault, price, creditsOutstanding), credits.warnRatioBps(),
                credits.haltRatioBps());
    }

    /** L1: the micro-GRID {@code credits} cost at {@code price} with the spread. */
    long gridForCredits(long credits, long price) {
        return Bme.gridForCredits(credits, price, params.credits().spreadBps());
    }

    /** L1: GRID paid into the vault for credits: the epoch's burn. */
    void mintCredits(long credits, long grid) {
        vault += grid;
        creditsOutstanding += credits;
        burnThisEpoch += grid;
    }

    /** L2: credits refunded for GRID at the price less the spread, from the vault first; returns the GRID paid. */
    long refund(long credits, long price) {
        if (credits == 0) {
            return 0;
        }
        creditsOutstanding -= credits;
        return pay(Bme.gridForRefund(credits, price, params.credits().spreadBps()));
    }

    /** L6: billed credits burned; provider and treasury paid GRID from the vault first, the shortfall minted. */
    Settled settle(long billed, long price) {
        if (billed == 0) {
            return new Settled(0, 0, 0);
        }
        if (billed > creditsOutstanding) {
            throw new IllegalStateException("billing " + billed + " micro-CC with only " + creditsOutstanding + " outstanding");
        }
        var quote = quote(billed, price);
        creditsOutstanding -= billed;
        long toProvider = pay(quote.providerGrid());
        long toTreasury = pay(quote.treasuryGrid());
        treasury += toTreasury;
        return new Settled(toProvider, toTreasury, quote.fee());
    }

    /** L6's amounts for one bill, before the vault or the max supply have a say: what {@link #settle} pays in full. */
    Settled quote(long billed, long price) {
        if (billed == 0) {
            return new Settled(0, 0, 0);
        }
        long fee = Pricing.fee(billed, params.credits().protocolFeeBps());
        return new Settled(Bme.gridForSettlement(billed - fee, price), Bme.gridForSettlement(fee, price), fee);
    }

    /**
     * Whether paying {@code grid} in any number of settlements pays each in full: the vault goes
     * first and {@link Bme#payout} mints only the shortfall, so one by one or all at once they
     * draw the same from the vault and mint the same, unless the max supply cuts a payout short.
     */
    boolean paysInFull(long grid) {
        return Math.max(0, grid - vault) <= headroom();
    }

    /**
     * Many settlements at once, each paid in full ({@link #paysInFull}): the same vault, mint,
     * credits and treasury as calling {@link #settle} for each bill in turn.
     */
    void settleInFull(long billed, long providerGrid, long treasuryGrid) {
        if (billed > creditsOutstanding) {
            throw new IllegalStateException("billing " + billed + " micro-CC with only " + creditsOutstanding + " outstanding");
        }
        creditsOutstanding -= billed;
        long grid = providerGrid + treasuryGrid;
        long fromVault = Math.min(grid, vault);
        vault -= fromVault;
        minted += grid - fromVault;
        treasury += treasuryGrid;
    }

    private long pay(long grid) {
        var payout = Bme.payout(grid, vault, headroom());
        vault -= payout.fromVault();
        minted += payout.minted();
        // What the max supply stops the ledger pays back in credits; the simulator drops it (never reached in practice).
        return payout.paid();
    }

    /**
     * L9–L12, as {@code EpochRules.close}: the scheduled emission (within the max supply) plus the
     * net emission of the previous epoch's burn, released from the vault's surplus; split between
     * work (pro rata the bill) and availability (pro rata the GPUs). Every provider with the same
     * GPU count has the same weights and so, by {@link RewardSplit#prorate}, the same reward: it is
     * computed once per count into {@code classes.reward}, and the totals counted per provider.
     * Rolls the burn counters.
     */
    Emission closeEpoch(long epoch, long price, GpuClasses classes, int[] perClass) {
        var emission = params.emission();
        long pool = params.token().providerPool();
        long scheduled = EmissionSchedule.providerEpochEmission(pool, emission.providerFirstYearBps(),
                emission.providerDecayBps(), emission.providerDecayPeriodYears(), emission.providerYears(), epoch,
                emission.epochSeconds());
        long cap = EmissionSchedule.netEmissionCapPerEpoch(pool, emission.providerFirstYearBps(),
                emission.netEmissionCapBps(), emission.epochSeconds());
        var net = NetEmission.next(netTarget, burnLastEpoch, cap);
        long released = Math.min(net.net(), Bme.vaultSurplus(vault, creditsOutstanding, price));
        long mintable = Math.min(scheduled, headroom());
        long total = mintable + released;
        long workPool = RewardSplit.share(total, emission.workShareBps());
        long availabilityPool = total - workPool;
        long totalWork = 0;
        long totalDevices = 0;
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            totalWork += perClass[g] * classes.billed[g];
            totalDevices += (long) perClass[g] * g;
        }
        long paidWork = 0;
        long paidAvailability = 0;
        for (int c = 0; c < classes.size; c++) {
            int g = classes.present[c];
            long w = RewardSplit.prorate(workPool, classes.billed[g], totalWork);
            long a = RewardSplit.prorate(availabilityPool, g, totalDevices);
            classes.reward[g] = w + a;
            paidWork += perClass[g] * w;
            paidAvailability += perClass[g] * a;
        }
        long paid = paidWork + paidAvailability;
        long fromVault = Math.min(paid, released);
        vault -= fromVault;
        minted += paid - fromVault;
        long burn = burnThisEpoch;
        netTarget = net.target();
        burnLastEpoch = burnThisEpoch;
        burnThisEpoch = 0;
        return new Emission(scheduled, released, paidWork, paidAvailability, fromVault, paid - fromVault, burn);
    }

    /** L10: the checkers' linear emission for the epoch, within what the max supply still allows. */
    long checkerEmission(long epoch) {
        var emission = params.emission();
        return Math.min(EmissionSchedule.checkerEpochEmission(params.token().checkerPool(), emission.checkerYears(), epoch,
                emission.epochSeconds()), headroom());
    }

    void mint(long amount) {
        minted += amount;
    }

    /** L17: the burned part of a slash leaves the supply for good. */
    void burnForGood(long amount) {
        burned += amount;
    }
}
