package dev.gridmint.node.checker;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.api.MarketViews.BidView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.client.CoordinatorClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spot check's re-execution on the network: the checker orders the same job again as a tenant, in
 * a short reverse auction, and accepts a bid drawn at random (from its spot-check seed, which no
 * provider can compute) among the providers other than the one under check. The original provider
 * cannot know whether a job it runs is real work or a re-run, nor which of its peers will re-run
 * its work. The checker pays for the re-run out of its own credits, minted from GRID as needed.
 */
final class NetworkRerun {

    /** Long enough for every online provider's automatic bid to come in. */
    static final int AUCTION_SECONDS = 20;
    private static final Duration POLL = Duration.ofMillis(200);
    /** The checker accepts before the window closes, or the auction would award the cheapest bid, maybe the original's. */
    private static final Duration ACCEPT_MARGIN = Duration.ofSeconds(5);
    private static final Duration COMPLETION_GRACE = Duration.ofMinutes(2);
    private static final Set<String> GIVEN_UP = Set.of("CANCELLED", "FAILED", "OVERDRAWN");
    private static final Logger LOG = LoggerFactory.getLogger(NetworkRerun.class);

    /** The re-run's result, and who produced it. */
    record Rerun(Hash result, Address provider, Hash job) {}

    private final CoordinatorClient coordinator;
    private final Keypair key;

    NetworkRerun(CoordinatorClient coordinator, Keypair key) {
        this.coordinator = coordinator;
        this.key = key;
    }

    /** The job re-run on another provider; empty when none bid in time or the re-run did not finish. */
    Optional<Rerun> rerun(JobView job, Address original, Hash seed) {
        JobSpec spec = new JobSpec(job.workload(), job.args(), job.devices(), job.maxSeconds(), job.maxPricePerDeviceHour(),
                new JobRequirements(List.of(), 0, List.of(), List.of(), false, AUCTION_SECONDS));
        buyCredits(spec.worstCaseCost());
        Hash rerunId = Hash.parse(coordinator.signAndSubmit(key, new SubmitJob(spec, spec.worstCaseCost())).txHash());
        Optional<Address> pick = pickBidder(rerunId, original, seed);
        if (pick.isEmpty()) {
            LOG.info("no provider but {} bid to re-run job {}; cancelling the re-run", original, job.id().substring(0, 12));
            coordinator.signAndSubmit(key, new CancelJob(rerunId));
            return Optional.empty();
        }
        coordinator.signAndSubmit(key, new AcceptBid(rerunId, pick.get()));
        return awaitResult(rerunId, job.maxSeconds()).map(result -> new Rerun(result, pick.get(), rerunId));
    }

    /** The bidders other than the original provider and the checker, drawn from by the seed once any has bid. */
    private Optional<Address> pickBidder(Hash rerunId, Address original, Hash seed) {
        long deadline = System.nanoTime() + Duration.ofSeconds(AUCTION_SECONDS).minus(ACCEPT_MARGIN).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> others = coordinator.marketAuction(rerunId).bids().stream().map(BidView::provider)
                    .filter(p -> !p.equals(original.toString()) && !p.equals(key.address().toString()))
                    .distinct().sorted().toList();
            if (!others.isEmpty()) {
                long draw = SpotCheck.draw(Hash.sha256(seed.bytes(), rerunId.bytes()));
                return Optional.of(Address.parse(others.get((int) Math.floorMod(draw, (long) others.size()))));
            }
            sleep(POLL);
        }
        return Optional.empty();
    }

    private Optional<Hash> awaitResult(Hash rerunId, long maxSeconds) {
        long deadline = System.nanoTime() + Duration.ofSeconds(maxSeconds).plus(COMPLETION_GRACE).toNanos();
        while (System.nanoTime() < deadline) {
            JobView rerun = coordinator.job(rerunId);
            if (rerun.resultHash() != null) {
                return Optional.of(Hash.parse(rerun.resultHash()));
            }
            if (GIVEN_UP.contains(rerun.status())) {
                return Optional.empty();
            }
            sleep(POLL);
        }
        return Optional.empty();
    }

    /** Mints the credits the escrow lacks, at the oracle's price with 1% of slippage allowed. */
    private void buyCredits(long escrow) {
        long missing = escrow - coordinator.account(key.address()).credits();
        if (missing <= 0) {
            return;
        }
        long quoted = Bme.gridForCredits(missing, coordinator.supply().price(), coordinator.params().credits().spreadBps());
        coordinator.signAndSubmit(key, new MintCredits(missing, Math.addExact(quoted, Math.ceilDiv(quoted, 100))));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while re-running a job", e);
        }
    }
}
