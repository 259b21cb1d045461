package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.node.api.Views.JobView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A submitted job, watched over REST. */
public final class JobHandle {

    private static final Set<String> FINAL = Set.of("SETTLED", "CANCELLED", "FAILED");

    private final TestNetwork network;
    private final Hash id;
    private final long escrow;

    JobHandle(TestNetwork network, Hash id, long escrow) {
        this.network = network;
        this.id = id;
        this.escrow = escrow;
    }

    /** The job id: the hash of the transaction that submitted it. */
    public Hash id() {
        return id;
    }

    /** What the tenant locked when submitting. */
    public long escrow() {
        return escrow;
    }

    /** The coordinator's view of the job now. */
    public JobView view() {
        return network.client().job(id);
    }

    public String status() {
        return view().status();
    }

    /**
     * Waits for the job to reach {@code status} (a {@code JobStatus} name). Fails at once if the job
     * ends in another final status, since it can then never get there.
     */
    public JobView awaitStatus(String status, Duration timeout) {
        return Eventually.await("job " + id.shortHex() + " to be " + status, timeout, this::view, view -> {
            if (!view.status().equals(status) && FINAL.contains(view.status())) {
                throw new AssertionError("job " + id.shortHex() + " ended " + view.status() + " while waiting for " + status
                        + ": " + view);
            }
            return view.status().equals(status);
        });
    }

    public JobView awaitStatus(String status) {
        return awaitStatus(status, TestNetwork.DEFAULT_WAIT);
    }

    /** Waits until the job is leased to that provider, and returns the view. */
    public JobView awaitLeasedTo(ProviderNode provider, Duration timeout) {
        return Eventually.await("job " + id.shortHex() + " to be leased to " + provider, timeout, this::view, view -> {
            if (FINAL.contains(view.status())) {
                throw new AssertionError("job " + id.shortHex() + " ended " + view.status() + " before being leased to " + provider);
            }
            return view.status().equals("LEASED") && view.lease() != null
                    && view.lease().provider().equals(provider.address().toString());
        });
    }

    /** Waits until the provider holding the current lease has reported training progress. */
    public JobView awaitProgressFrom(ProviderNode provider, Duration timeout) {
        return Eventually.await("progress on job " + id.shortHex() + " from " + provider, timeout, this::view, view -> {
            if (FINAL.contains(view.status())) {
                throw new AssertionError("job " + id.shortHex() + " ended " + view.status() + " before reporting progress");
            }
            return view.status().equals("LEASED") && view.telemetry() != null && view.telemetry().step() > 0
                    && view.telemetry().provider().equals(provider.address().toString())
                    && view.telemetry().attempt() == view.lease().attempt();
        });
    }

    /** How the escrow was divided; the job must be settled. */
    public Settlement settlement() {
        JobView view = view();
        if (view.settlement() == null) {
            throw new AssertionError("job " + id.shortHex() + " is " + view.status() + ", not settled");
        }
        return view.settlement();
    }

    /**
     * One transaction that billed the job or refunded to it, as the stored log shows it: the
     * credits billed to the lease it held then, the protocol's fee on them, and credits put back
     * into the escrow (a downtime refund from the lost provider's stake).
     */
    public record Billing(long height, String txType, long ledgerTime, Address provider, int attempt, long leaseStartedAt,
            long charged, long fee, long refunded) {}

    /** Every billing of this job, in log order, found by replaying the stored log. */
    public List<Billing> billings() {
        List<Billing> billings = new ArrayList<>();
        LedgerState state = LedgerState.empty();
        for (SignedTx tx : network.transactions()) {
            LedgerState next = LedgerFixture.applyOrFail(state, tx);
            Optional<Job> before = state.job(id);
            Optional<Job> after = next.job(id);
            if (before.isPresent() && after.isPresent() && before.get().lease().isPresent()) {
                long charged = after.get().charged() - before.get().charged();
                long fee = after.get().fees() - before.get().fees();
                long refunded = after.get().deposited() - before.get().deposited();
                if (charged != 0 || refunded != 0) {
                    var lease = before.get().lease().orElseThrow();
                    billings.add(new Billing(next.height(), tx.payload().getClass().getSimpleName(), next.now(),
                            lease.provider(), lease.attempt(), lease.startedAt(), charged, fee, refunded));
                }
            }
            state = next;
        }
        return List.copyOf(billings);
    }

    /** Ledger time at which the job's lease of that attempt began, from the stored log. */
    public long leaseStartedAt(int attempt) {
        LedgerState state = LedgerState.empty();
        for (SignedTx tx : network.transactions()) {
            state = LedgerFixture.applyOrFail(state, tx);
            var lease = state.job(id).flatMap(Job::lease);
            if (lease.isPresent() && lease.get().attempt() == attempt) {
                return lease.get().startedAt();
            }
        }
        throw new AssertionError("job " + id.shortHex() + " had no lease attempt " + attempt);
    }

    /**
     * Micro-GRID the provider should hold for this job by the ledger's rules: each billing's
     * credits less its fee, paid out at the oracle price and rounded down, less the GRID taken from
     * its stake for a downtime refund.
     */
    public long providerGrid(ProviderNode provider) {
        long grid = 0;
        for (Billing billing : billings()) {
            if (billing.provider().equals(provider.address())) {
                grid += network.gridForSettlement(billing.charged() - billing.fee());
                grid -= Bme.gridForCredits(billing.refunded(), network.price(), 0);
            }
        }
        return grid;
    }

    /** Micro-GRID the treasury should have been paid for this job: each billing's fee at the oracle price, rounded down. */
    public long treasuryGrid() {
        return billings().stream().mapToLong(billing -> network.gridForSettlement(billing.fee())).sum();
    }

    @Override
    public String toString() {
        return "job " + id.shortHex();
    }
}
