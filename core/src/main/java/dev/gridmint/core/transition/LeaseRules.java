package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.GangMember;
import dev.gridmint.core.state.GpuCatalog;
import dev.gridmint.core.state.GpuModel;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.state.Pricing;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.Seat;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.TopUpEscrow;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * Jobs and their escrow leases (L3–L6). Billing is lazy and per second: every touch of a leased
 * job, and every epoch close, bills the time since it was last billed. Billed credits are burned;
 * the provider and the treasury are paid GRID out of the vault at the oracle price, the shortfall
 * minted. Without a fresh price they are paid in credits instead, which they can refund later.
 */
final class LeaseRules {

    private LeaseRules() {}

    static ApplyResult submit(Context c, SubmitJob submit) {
        var spec = submit.spec();
        long runwaySeconds = Math.min(spec.maxSeconds(), c.params().credits().minRunwaySeconds());
        long runway = Pricing.charge(spec.maxPricePerDeviceHour(), spec.totalDevices(), runwaySeconds * 1000);
        if (submit.escrow() < Math.max(1, runway)) {
            return reject(TxError.ESCROW_TOO_LOW, "escrow " + submit.escrow() + " does not cover the minimum runway of "
                    + runway + " micro-CC (" + runwaySeconds + " s at the highest price)");
        }
        Account tenant = c.state().account(c.signer());
        if (tenant.credits() < submit.escrow()) {
            return Refusals.insufficientFunds(tenant.credits(), submit.escrow(), "credits");
        }
        Job job = Job.submitted(c.tx().hash(), c.signer(), spec, submit.escrow(), c.state().height() + 1);
        LedgerState next = c.state()
                .withAccount(c.signer(), tenant.withCredits(tenant.credits() - submit.escrow()))
                .withSupply(c.state().supply().escrowed(submit.escrow()))
                .withJob(job);
        return new Applied(next);
    }

    static ApplyResult topUp(Context c, TopUpEscrow topUp) {
        return withJob(c, topUp.jobId(), job -> {
            if (!job.tenant().equals(c.signer())) {
                return reject(TxError.UNAUTHORIZED, "only the job's tenant tops up its escrow");
            }
            if (job.status() != JobStatus.QUEUED && job.status() != JobStatus.LEASED) {
                return Refusals.wrongState(job, "topped up");
            }
            if (topUp.credits() <= 0) {
                return Refusals.notPositive("a top-up");
            }
            // Billing first: it may pay the tenant itself (as the job's own provider, or the treasury).
            LedgerState settled = settle(c.state(), c.network(), job, c.now());
            Job current = settled.job(job.id()).orElseThrow();
            if (!current.status().holdsEscrow()) {
                return Refusals.wrongState(current, "topped up");
            }
            Account tenant = settled.account(c.signer());
            if (tenant.credits() < topUp.credits()) {
                return Refusals.insufficientFunds(tenant.credits(), topUp.credits(), "credits");
            }
            LedgerState next = settled
                    .withAccount(c.signer(), tenant.withCredits(tenant.credits() - topUp.credits()))
                    .withSupply(settled.supply().escrowed(topUp.credits()))
                    .withJob(current.deposit(topUp.credits()));
            return new Applied(next);
        });
    }

    /**
     * The coordinator leases a queued job to a provider: at the offer's price ({@code AssignLease}),
     * or at a winning bid's ({@code AwardBid}), which may only undercut the offer's and only for a
     * job put to auction.
     */
    static ApplyResult assign(Context c, Hash jobId, Address providerAddress, OptionalLong bidPrice) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("assigns leases");
        }
        return withJob(c, jobId, job -> {
            if (job.status() != JobStatus.QUEUED) {
                return Refusals.wrongState(job, "assigned");
            }
            if (job.spec().isGang()) {
                return reject(TxError.GANG_MISMATCH, "job " + job.id() + " runs on " + job.spec().nodes()
                        + " nodes: it is placed whole, by AssignGang");
            }
            if (bidPrice.isPresent() && !job.spec().requirements().isAuction()) {
                return reject(TxError.NOT_AN_AUCTION, "job " + job.id() + " is matched instantly, not put to auction");
            }
            Optional<Provider> provider = c.state().provider(providerAddress);
            if (provider.isEmpty()) {
                return reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + providerAddress);
            }
            if (!provider.get().isActive(c.params().staking())) {
                return reject(TxError.PROVIDER_HALTED, "the provider's stake does not cover its offer");
            }
            var offer = provider.get().offer();
            long price = bidPrice.orElse(offer.pricePerDeviceHour());

            if (price <= 0 || price > offer.pricePerDeviceHour() || price > job.spec().maxPricePerDeviceHour()
                    || offer.deviceCount() < job.spec().devices()) {
                return reject(TxError.OFFER_MISMATCH, "the provider's offer does not meet the job's price or device count");
            }
            Optional<ApplyResult> unmet = unmetRequirement(job.spec().requirements(), provider.get());
            if (unmet.isPresent()) {
                return unmet.get();
            }
            var lease = Lease.started(providerAddress, job.attempts() + 1, price,
                    c.state().height() + 1, c.now());
            return new Applied(c.state().withJob(job.leasedTo(lease)));
        });
    }

    /**
     * The coordinator fills a gang's vacant seats, all at once or none: when the gang is queued that is every seat,
     * after a member was lost only its seat. Each provider must be able to take the job on its own terms (as for
     * {@code AssignLease}) and have the devices free for every seat it is given, counting every lease it already runs,
     * so no device is leased twice.
     */
    static ApplyResult assignGang(Context c, AssignGang assign) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("assigns leases");
        }
        return withJob(c, assign.jobId(), job -> {
            if (!job.spec().isGang()) {
                return reject(TxError.GANG_MISMATCH, "job " + job.id() + " runs on one node: it is leased by AssignLease");
            }
            if (job.status() != JobStatus.QUEUED && job.status() != JobStatus.LEASED) {
                return Refusals.wrongState(job, "assigned");
            }
            List<Integer> vacant = job.vacantSeats().stream().map(GangMember::index).toList();
            List<Integer> asked = assign.seats().stream().map(Seat::member).toList();
            if (!vacant.equals(asked)) {
                return reject(TxError.GANG_MISMATCH, "the vacant seats of job " + job.id() + " are " + vacant + ", not " + asked);
            }
            Map<Address, Integer> seatsPer = new TreeMap<>();
            assign.seats().forEach(seat -> seatsPer.merge(seat.provider(), 1, Integer::sum));
            for (var entry : seatsPer.entrySet()) {
                Optional<ApplyResult> unfit = unfitForSeats(c, job, entry.getKey(), entry.getValue());
                if (unfit.isPresent()) {
                    return unfit.get();
                }
            }
            List<GangMember> seats = new ArrayList<>(job.members());
            int attempts = job.attempts();
            for (Seat seat : assign.seats()) {
                Address provider = seat.provider();
                long price = c.state().provider(provider).orElseThrow().offer().pricePerDeviceHour();
                var lease = Lease.started(provider, ++attempts, price, c.state().height() + 1, c.now());
                seats.set(seat.member(), seats.get(seat.member()).leasedTo(lease));
            }
            return new Applied(c.state().withJob(job.withSeats(seats, attempts, JobStatus.LEASED)));
        });
    }

    /** Why {@code provider} cannot take {@code count} more seats of the gang, if it cannot. */
    private static Optional<ApplyResult> unfitForSeats(Context c, Job job, Address providerAddress, int count) {
        Optional<Provider> provider = c.state().provider(providerAddress);
        if (provider.isEmpty()) {
            return Optional.of(reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + providerAddress));
        }
        if (!provider.get().isActive(c.params().staking())) {
            return Optional.of(reject(TxError.PROVIDER_HALTED, "the stake of " + providerAddress + " does not cover its offer"));
        }
        var offer = provider.get().offer();
        if (offer.pricePerDeviceHour() > job.spec().maxPricePerDeviceHour() || offer.deviceCount() < job.spec().devices()) {
            return Optional.of(reject(TxError.OFFER_MISMATCH, "the offer of " + providerAddress
                    + " does not meet the job's price or device count"));
        }
        Optional<ApplyResult> unmet = unmetRequirement(job.spec().requirements(), provider.get());
        if (unmet.isPresent()) {
            return unmet;
        }
        long wanted = (long) count * job.spec().devices();
        long held = devicesHeld(c.state(), providerAddress);
        if (held + wanted > offer.deviceCount()) {
            return Optional.of(reject(TxError.CAPACITY_EXCEEDED, providerAddress + " runs leases on " + held + " of its "
                    + offer.deviceCount() + " devices and cannot take " + wanted + " more"));
        }
        return Optional.empty();
    }

    /** Devices of {@code provider} under running leases of any job. */
    private static long devicesHeld(LedgerState state, Address provider) {
        long held = 0;
        for (Job job : state.jobs().values()) {
            for (Lease lease : job.runningLeases()) {
                if (lease.provider().equals(provider)) {
                    held += job.spec().devices();
                }
            }
        }
        return held;
    }

    /**
     * The requirements the ledger holds the coordinator to: regions (plain labels on both sides), the TFLOPS
     * minimum (rated by the one {@link GpuCatalog}) and the reputation minimum (the ledger's own figure).
     * Named models and VRAM are left to the market's matching: jobs asked them before the ledger checked any,
     * and holding leases already in the log to them now could change the state a replay reaches.
     */
    private static Optional<ApplyResult> unmetRequirement(JobRequirements wants, Provider provider) {
        HardwareOffer offer = provider.offer();
        if (!wants.permitsRegion(offer.region())) {
            return Optional.of(reject(TxError.OFFER_MISMATCH, "the provider's region " + offer.region() + " is not one the job allows"));
        }
        GpuModel model = GpuCatalog.model(offer);
        if (model.tflops() < wants.minTflops()) {
            return Optional.of(reject(TxError.OFFER_MISMATCH, "the provider's " + model.name() + " is rated " + model.tflops()
                    + " TFLOPS, below the job's minimum of " + wants.minTflops()));
        }
        if (provider.reputation() < wants.minReputation()) {
            return Optional.of(reject(TxError.REPUTATION_TOO_LOW, "the provider's reputation " + provider.reputation()
                    + " is below the job's minimum of " + wants.minReputation()));
        }
        return Optional.empty();
    }

    /**
     * The provider was lost: billing stops at {@code downSince}; time billed after it is refunded
     * to the escrow, paid for by the provider's stake at the oracle price. Then the job queues again,
     * or fails and returns its escrow when it has used up its attempts.
     */
    static ApplyResult release(Context c, ReleaseLease release) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("releases leases");
        }
        if (release.downSince() > c.now()) {
            return reject(TxError.MALFORMED, "down since " + release.downSince() + " is after ledger time " + c.now());
        }
        return withJob(c, release.jobId(), job -> {
            if (job.spec().isGang()) {
                return releaseSeat(c, release, job);
            }
            if (job.status() != JobStatus.LEASED || job.attempts() != release.attempt()) {
                return Refusals.wrongState(job, "released at attempt " + release.attempt());
            }
            Lease lease = job.lease().orElseThrow();
            long stopAt = release.downSince() == 0 ? c.now() : Math.max(release.downSince(), lease.startedAt());
            LedgerState next = settle(c.state(), c.network(), job, stopAt);
            Job settled = next.job(job.id()).orElseThrow();
            if (settled.status() != JobStatus.LEASED) {
                return new Applied(next);
            }
            next = refundDowntime(next, c.network(), settled, lease.attempt(), stopAt);
            settled = next.job(job.id()).orElseThrow();
            boolean outOfAttempts = settled.attempts() >= c.params().maxJobAttempts();
            if (outOfAttempts) {
                return new Applied(close(next.withJob(settled.released(true)), settled.id(), JobStatus.FAILED, 0));
            }
            return new Applied(next.withJob(settled.released(false)));
        });
    }

    /**
     * A gang member was lost: its seat is billed up to {@code downSince} and refunded what was billed after, like a
     * plain job's lease, and falls vacant for the scheduler to place again, while the other members run on (and are
     * billed on). A seat that has used up its attempts fails the whole job; a gang with no member left running or
     * done queues again, so its tenant may cancel it.
     */
    private static ApplyResult releaseSeat(Context c, ReleaseLease release, Job job) {
        Optional<GangMember> seat = job.status() == JobStatus.LEASED ? job.seatOf(release.attempt()) : Optional.empty();
        if (seat.isEmpty()) {
            return Refusals.wrongState(job, "released at attempt " + release.attempt());
        }
        Lease lease = seat.get().lease().orElseThrow();
        long stopAt = release.downSince() == 0 ? c.now() : Math.max(release.downSince(), lease.startedAt());
        LedgerState next = settleLease(c.state(), c.network(), job, lease, stopAt);
        Job settled = next.job(job.id()).orElseThrow();
        if (settled.status() != JobStatus.LEASED) {
            return new Applied(next);
        }
        next = refundDowntime(next, c.network(), settled, release.attempt(), stopAt);
        settled = next.job(job.id()).orElseThrow();
        Job vacated = settled.withSeat(release.attempt(), GangMember::vacated);
        next = next.withJob(vacated);
        if (seat.get().leases() >= c.params().maxJobAttempts()) {
            // The others' time up to now is owed before the job fails and the rest of the escrow goes back.
            next = settle(next, c.network(), vacated, c.now());
            return next.job(job.id()).orElseThrow().status() != JobStatus.LEASED
                    ? new Applied(next)
                    : new Applied(close(next, job.id(), JobStatus.FAILED, 0));
        }
        boolean anyHeld = vacated.members().stream().anyMatch(m -> !m.isVacant());
        return new Applied(anyHeld ? next : next.withJob(vacated.withSeats(vacated.members(), vacated.attempts(), JobStatus.QUEUED)));
    }

    static ApplyResult receipt(Context c, UsageReceipt receipt) {
        return withJob(c, receipt.jobId(), job -> {
            if (!job.isLeasedTo(c.signer(), receipt.attempt())) {
                return Refusals.notLeaseHolder(job);
            }
            long before = job.spec().isGang() ? job.seatOf(receipt.attempt()).orElseThrow().usageMillis() : job.usageMillis();
            if (receipt.usageMillis() < before) {
                return reject(TxError.INVALID_USAGE, "usage receipts only grow: " + receipt.usageMillis() + " < " + before);
            }
            long limit = job.spec().maxSeconds() * 1000;
            if (receipt.usageMillis() > limit) {
                return reject(TxError.INVALID_USAGE, "usage " + receipt.usageMillis() + " ms exceeds the job's limit of " + limit + " ms");
            }
            Job used = job.spec().isGang()
                    ? job.withSeat(receipt.attempt(), seat -> seat.withUsage(receipt.usageMillis()))
                    : job.withUsage(receipt.usageMillis());
            LedgerState next = c.state().withJob(used);
            return new Applied(settle(next, c.network(), next.job(job.id()).orElseThrow(), c.now()));
        });
    }

    static ApplyResult complete(Context c, CompleteJob complete) {
        return withJob(c, complete.jobId(), job -> {
            if (!job.isLeasedTo(c.signer(), complete.attempt())) {
                return Refusals.notLeaseHolder(job);
            }
            LedgerState next = settle(c.state(), c.network(), job, c.now());
            Job settled = next.job(job.id()).orElseThrow();
            if (settled.status() != JobStatus.LEASED) {
                return new Applied(next);
            }
            if (!settled.spec().isGang()) {
                return new Applied(next.withJob(settled.completed(complete.resultHash())));
            }
            // A gang is done when every member is; its result is member 0's, the rank that by convention writes the output.
            Job done = settled.withSeat(complete.attempt(), seat -> seat.done(complete.resultHash()));
            if (done.members().stream().allMatch(GangMember::isDone)) {
                done = done.completed(done.members().getFirst().resultHash().orElseThrow());
            }
            return new Applied(next.withJob(done));
        });
    }

    /** A completed job is closed: what is left of the escrow goes back to the tenant as credits. */
    static ApplyResult settleJob(Context c, SettleJob settle) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("settles jobs");
        }
        return withJob(c, settle.jobId(), job -> job.status() != JobStatus.COMPLETED
                ? Refusals.wrongState(job, "settled")
                : new Applied(close(c.state(), job.id(), JobStatus.SETTLED, 0)));
    }

    /**
     * The tenant picks a bid of a queued job put to auction. It changes nothing but the tenant's
     * nonce: it is the tenant's signed word in the log, and the coordinator leases the job on it.
     */
    static ApplyResult acceptBid(Context c, AcceptBid accept) {
        return withJob(c, accept.jobId(), job -> {
            if (!job.tenant().equals(c.signer())) {
                return reject(TxError.UNAUTHORIZED, "only the job's tenant accepts a bid");
            }
            if (job.status() != JobStatus.QUEUED || !job.spec().requirements().isAuction()) {
                return reject(TxError.INVALID_JOB_STATE, "only a queued job put to auction takes a bid");
            }
            if (c.state().provider(accept.provider()).isEmpty()) {
                return reject(TxError.UNKNOWN_PROVIDER, "no provider is registered as " + accept.provider());
            }
            return new Applied(c.state());
        });
    }

    /**
     * A registered, staked provider bids for a queued job put to auction, at a positive price within
     * the job's maximum, with an offer that can hold the job. Like {@link #acceptBid} it changes
     * nothing but the provider's nonce: the bid lives in the coordinator's book, which replays it
     * from the log after a restart. Whether the auction is still open is the book's to say (its
     * window is not in the ledger), so the coordinator checks that before the bid reaches the log.
     */
    static ApplyResult placeBid(Context c, PlaceBid bid) {
        return withJob(c, bid.jobId(), job -> {
            Optional<Provider> provider = c.state().provider(c.signer());
            if (provider.isEmpty()) {
                return reject(TxError.NOT_A_PROVIDER, "only a registered provider bids; " + c.signer() + " is not one");
            }
            if (!provider.get().isActive(c.params().staking())) {
                return reject(TxError.PROVIDER_HALTED, "the provider's stake does not cover its offer");
            }
            if (job.status() != JobStatus.QUEUED) {
                return Refusals.wrongState(job, "bid for");
            }
            if (!job.spec().requirements().isAuction()) {
                return reject(TxError.NOT_AN_AUCTION, "job " + job.id() + " is matched instantly, not put to auction");
            }
            if (bid.pricePerDeviceHour() <= 0) {
                return Refusals.notPositive("a bid's price");
            }
            if (bid.pricePerDeviceHour() > job.spec().maxPricePerDeviceHour()) {
                return reject(TxError.PRICE_ABOVE_MAX, "the bid " + bid.pricePerDeviceHour()
                        + " is above the job's maximum of " + job.spec().maxPricePerDeviceHour() + " micro-CC per device-hour");
            }
            var offer = provider.get().offer();
            // The lease that follows is an AwardBid, which may undercut the offer's price but never exceed it.
            if (bid.pricePerDeviceHour() > offer.pricePerDeviceHour() || offer.deviceCount() < job.spec().devices()
                    || !job.spec().requirements().permitsRegion(offer.region())) {
                return reject(TxError.OFFER_MISMATCH, "a bid is at most the offer's own price, with the job's devices and region");
            }
            return new Applied(c.state());
        });
    }

    static ApplyResult cancel(Context c, CancelJob cancel) {
        return withJob(c, cancel.jobId(), job -> {
            if (!job.tenant().equals(c.signer())) {
                return reject(TxError.UNAUTHORIZED, "only the job's tenant cancels it");
            }
            if (job.status() != JobStatus.QUEUED) {
                return Refusals.wrongState(job, "cancelled");
            }
            return new Applied(close(c.state(), job.id(), JobStatus.CANCELLED, 0));
        });
    }

    /**
     * Bills a leased job up to {@code until} (never past its max duration). When the escrow cannot
     * cover what is due it pays what there is, records the rest as unsettled and closes the job as
     * overdrawn (L5). Anything but a leased job is returned as it is.
     */
    static LedgerState settle(LedgerState state, NetworkConfig network, Job job, long until) {
        LedgerState next = state;
        for (Lease lease : job.runningLeases()) {
            Job current = next.job(job.id()).orElseThrow();
            if (current.status() != JobStatus.LEASED) {
                break; // a seat before this one ran the escrow dry
            }
            next = settleLease(next, network, current, lease, until);
        }
        return next;
    }

    /** Bills one running lease of a leased job (the job's own, or one gang seat's) up to {@code until}. */
    private static LedgerState settleLease(LedgerState state, NetworkConfig network, Job job, Lease lease, long until) {
        long end = Math.min(until, Math.addExact(lease.startedAt(), job.spec().maxSeconds()));
        if (end <= lease.settledAt()) {
            return state;
        }
        long earned = Pricing.leaseCharge(lease.pricePerDeviceHour(), job.spec().devices(), end - lease.startedAt());
        long due = earned - lease.billed();
        long billed = Math.min(due, job.escrow());
        long fee = Pricing.fee(billed, network.params().credits().protocolFeeBps());
        Job billedJob = job.billed(billed, fee, lease.settledTo(end, lease.billed() + billed));
        LedgerState unescrowed = state.withJob(billedJob).withSupply(state.supply().escrowed(-billed));
        LedgerState next = pay(unescrowed, network, lease.provider(), billed, fee);
        return due > billed ? close(next, job.id(), JobStatus.OVERDRAWN, due - billed) : next;
    }

    /**
     * Burns billed credits and pays the provider its part and the treasury the fee, in GRID when a price exists; the
     * billed credits count as the provider's settled work. The caller has already taken them from where they were held
     * (a job's escrow, a payer's credits), so here they are outstanding in nobody's hands.
     */
    static LedgerState pay(LedgerState state, NetworkConfig network, Address provider, long billed, long fee) {
        if (billed == 0) {
            return state;
        }
        LedgerState next = state;
        next = next.withProvider(next.provider(provider).orElseThrow().addWork(billed));
        OptionalLong price = Treasury.price(next, network.params());
        if (price.isEmpty()) {
            return creditTo(creditTo(next, provider, billed - fee), network.treasury(), fee);
        }
        next = next.withSupply(next.supply().burnCredits(billed));
        next = payCredits(next, network, provider, billed - fee, price.getAsLong());
        return payCredits(next, network, network.treasury(), fee, price.getAsLong());
    }

    /** Pays credits' worth of GRID out of the vault; what the max supply stops is paid back as credits. */
    private static LedgerState payCredits(LedgerState state, NetworkConfig network,
            Address to, long credits, long price) {
        var payout = Treasury.payFromVault(state, network.params(), to, Bme.gridForSettlement(credits, price));
        if (payout.unpaid() == 0) {
            return payout.state();
        }
        long unpaidCredits = credits - Bme.creditsForGrid(payout.paid(), price);
        LedgerState next = payout.state();
        return creditTo(next.withSupply(next.supply().mintCredits(unpaidCredits)), to, unpaidCredits);
    }

    private static LedgerState creditTo(LedgerState state, Address to, long credits) {
        Account account = state.account(to);
        return state.withAccount(to, account.withCredits(Math.addExact(account.credits(), credits)));
    }

    /** Time billed after the provider went down is put back in escrow, bought with the provider's stake. */
    private static LedgerState refundDowntime(LedgerState state, NetworkConfig network, Job job, int attempt, long downSince) {
        Lease lease = job.spec().isGang() ? job.seatOf(attempt).orElseThrow().lease().orElseThrow() : job.lease().orElseThrow();
        long owed = Pricing.leaseCharge(lease.pricePerDeviceHour(), job.spec().devices(),
                Math.max(0, Math.min(downSince, lease.settledAt()) - lease.startedAt()));
        long overbilled = lease.billed() - owed;
        OptionalLong price = Treasury.price(state, network.params());
        Provider provider = state.provider(lease.provider()).orElseThrow();
        if (overbilled <= 0 || price.isEmpty() || provider.bonded() == 0) {
            return state;
        }
        long grid = Math.min(provider.bonded(), Bme.gridForCredits(overbilled, price.getAsLong(), 0));
        long credits = Math.min(overbilled, Bme.creditsForGrid(grid, price.getAsLong()));
        if (credits == 0) {
            return state;
        }
        var supply = state.supply().staked(-grid).vault(grid).mintCredits(credits).escrowed(credits);
        return state.withSupply(supply)
                .withProvider(provider.withBonded(provider.bonded() - grid))
                .withJob(job.deposit(credits));
    }

    /** Ends a job: the escrow left goes back to the tenant and the outcome is recorded. */
    static LedgerState close(LedgerState state, Hash jobId, JobStatus finalStatus, long unsettled) {
        Job job = state.job(jobId).orElseThrow();
        var outcome = new Settlement(job.charged(), job.charged() - job.fees(), job.fees(), job.escrow(), unsettled);
        LedgerState next = state.withSupply(state.supply().escrowed(-job.escrow())).withJob(job.closed(finalStatus, outcome));
        return creditTo(next, job.tenant(), job.escrow());
    }

    private static ApplyResult withJob(Context c, Hash id, Function<Job, ApplyResult> rule) {
        return c.state().job(id).map(rule).orElseGet(() -> Refusals.unknownJob(id));
    }
}
