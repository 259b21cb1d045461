package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Settlement;
import dev.gridmint.node.api.Views.JobView;
import java.time.Duration;
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

    @Override
    public String toString() {
        return "job " + id.shortHex();
    }
}
