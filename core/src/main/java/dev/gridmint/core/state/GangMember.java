package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Hash;
import java.util.Optional;

/**
 * One node's seat in a multi-node job (a gang). A seat is vacant (no lease), running (a lease and no
 * result) or done (a lease and its result). Each seat's lease is billed on its own, at its own
 * provider's price; a lost seat is refunded its downtime and placed again while the others run on.
 *
 * @param index the member's place in the gang, 0..nodes-1; the workload learns it as its rank
 * @param leases leases this seat has had; past the network's attempt limit the whole job fails
 * @param lease the seat's current (or, once done, last) lease; its {@code attempt} is unique over the whole job
 * @param usageMillis compute time receipted by the seat's current lease holder
 * @param resultHash what the seat produced, once its holder reported it done
 */
public record GangMember(int index, int leases, Optional<Lease> lease, long usageMillis, Optional<Hash> resultHash) {

    public GangMember {
        if (index < 0 || index >= JobSpec.MAX_NODES) {
            throw new IllegalArgumentException("a gang member's index is 0.." + (JobSpec.MAX_NODES - 1));
        }
        Checks.nonNegative(leases, "leases");
        Checks.nonNegative(usageMillis, "usage");
        if (lease.isEmpty() && (resultHash.isPresent() || usageMillis != 0)) {
            throw new IllegalArgumentException("a vacant seat has neither usage nor a result");
        }
    }

    public static GangMember vacant(int index) {
        return new GangMember(index, 0, Optional.empty(), 0, Optional.empty());
    }

    public boolean isVacant() {
        return lease.isEmpty();
    }

    public boolean isRunning() {
        return lease.isPresent() && resultHash.isEmpty();
    }

    public boolean isDone() {
        return resultHash.isPresent();
    }

    /** Whether this seat's running lease is {@code attempt}. */
    public boolean runs(int attempt) {
        return isRunning() && lease.get().attempt() == attempt;
    }

    public GangMember leasedTo(Lease newLease) {
        return new GangMember(index, leases + 1, Optional.of(newLease), 0, Optional.empty());
    }

    public GangMember vacated() {
        return new GangMember(index, leases, Optional.empty(), 0, Optional.empty());
    }

    public GangMember withLease(Lease settled) {
        return new GangMember(index, leases, Optional.of(settled), usageMillis, resultHash);
    }

    public GangMember withUsage(long millis) {
        return new GangMember(index, leases, lease, millis, resultHash);
    }

    public GangMember done(Hash result) {
        return new GangMember(index, leases, lease, usageMillis, Optional.of(result));
    }
}
