package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * A job and its escrow of compute credits. A plain job has at most one lease at a time; a gang
 * ({@code spec.nodes() > 1}) has none of its own but one seat per node in {@code members}, each with its own lease.
 *
 * @param id the hash of the transaction that submitted it
 * @param escrow micro-CC left in escrow
 * @param deposited micro-CC ever deposited: at submission and by top-ups
 * @param charged micro-CC billed so far, over all leases; {@code escrow + charged <= deposited}
 * @param fees the protocol's part of {@code charged}
 * @param attempts leases made so far; over all seats of a gang, so every lease of a job has its own number
 * @param usageMillis compute time receipted by the current lease's provider (a gang's seats keep their own)
 * @param members a gang's seats, in index order; empty for a plain job
 */
public record Job(
        Hash id,
        Address tenant,
        JobSpec spec,
        long escrow,
        long deposited,
        long charged,
        long fees,
        JobStatus status,
        int attempts,
        Optional<Lease> lease,
        long usageMillis,
        Optional<Hash> resultHash,
        Optional<Settlement> settlement,
        long submittedAtHeight,
        List<GangMember> members) {

    public Job {
        Checks.nonNegative(escrow, "escrow");
        Checks.nonNegative(charged, "charged");
        if (fees < 0 || fees > charged) {
            throw new IllegalArgumentException("fees must be within the charges");
        }
        if (Math.addExact(escrow, charged) > deposited) {
            throw new IllegalArgumentException("escrow and charges exceed the deposits");
        }
        members = List.copyOf(members);
        if (spec.isGang()) {
            if (members.size() != spec.nodes() || lease.isPresent()) {
                throw new IllegalArgumentException("a gang has one seat per node and no lease of its own");
            }
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).index() != i) {
                    throw new IllegalArgumentException("a gang's seats are in index order");
                }
            }
        } else if (!members.isEmpty()) {
            throw new IllegalArgumentException("only a gang has seats");
        }
    }

    /** A plain job's record, as it was before gangs. */
    public Job(Hash id, Address tenant, JobSpec spec, long escrow, long deposited, long charged, long fees, JobStatus status,
               int attempts, Optional<Lease> lease, long usageMillis, Optional<Hash> resultHash, Optional<Settlement> settlement,
               long submittedAtHeight) {
        this(id, tenant, spec, escrow, deposited, charged, fees, status, attempts, lease, usageMillis, resultHash, settlement,
                submittedAtHeight, List.of());
    }

    public static Job submitted(Hash id, Address tenant, JobSpec spec, long escrow, long height) {
        List<GangMember> seats = spec.isGang() ? IntStream.range(0, spec.nodes()).mapToObj(GangMember::vacant).toList() : List.of();
        return new Job(id, tenant, spec, escrow, escrow, 0, 0, JobStatus.QUEUED, 0, Optional.empty(), 0,
                Optional.empty(), Optional.empty(), height, seats);
    }

    public Job leasedTo(Lease newLease) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, JobStatus.LEASED, newLease.attempt(),
                Optional.of(newLease), 0, Optional.empty(), Optional.empty(), submittedAtHeight, members);
    }

    /** The lease is gone and so is its unfinished work: the job queues again, unless it has run out of attempts. */
    public Job released(boolean failed) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, failed ? JobStatus.FAILED : JobStatus.QUEUED,
                attempts, Optional.empty(), 0, Optional.empty(), Optional.empty(), submittedAtHeight, members);
    }

    public Job withUsage(long millis) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, status, attempts, lease, millis, resultHash,
                settlement, submittedAtHeight, members);
    }

    public Job completed(Hash result) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, JobStatus.COMPLETED, attempts, lease, usageMillis,
                Optional.of(result), settlement, submittedAtHeight, members);
    }

    /**
     * {@code amount} of the escrow was billed to a lease, which is now settled to {@code settledLease}: the job's own,
     * or, in a gang, the seat's whose lease has the same attempt.
     */
    public Job billed(long amount, long fee, Lease settledLease) {
        Optional<Lease> ownLease = spec.isGang() ? lease : Optional.of(settledLease);
        List<GangMember> seats = spec.isGang() ? replaceSeat(settledLease.attempt(), seat -> seat.withLease(settledLease)) : members;
        return new Job(id, tenant, spec, Math.subtractExact(escrow, amount), deposited, Math.addExact(charged, amount),
                Math.addExact(fees, fee), status, attempts, ownLease, usageMillis, resultHash, settlement, submittedAtHeight, seats);
    }

    /** Credits put back into escrow: a top-up by the tenant, or a refund for downtime already billed. */
    public Job deposit(long amount) {
        return new Job(id, tenant, spec, Math.addExact(escrow, amount), Math.addExact(deposited, amount), charged,
                fees, status, attempts, lease, usageMillis, resultHash, settlement, submittedAtHeight, members);
    }

    /** The job is over: what is left in escrow goes back to the tenant, and the outcome is recorded. */
    public Job closed(JobStatus finalStatus, Settlement outcome) {
        return new Job(id, tenant, spec, 0, deposited, charged, fees, finalStatus, attempts, lease, usageMillis, resultHash,
                Optional.of(outcome), submittedAtHeight, members);
    }

    /** A gang with its seats replaced (and the lease count and status that go with them). */
    public Job withSeats(List<GangMember> seats, int newAttempts, JobStatus newStatus) {
        return new Job(id, tenant, spec, escrow, deposited, charged, fees, newStatus, newAttempts, lease, usageMillis,
                resultHash, settlement, submittedAtHeight, seats);
    }

    /** A gang with the seat whose running lease is {@code attempt} changed by {@code change}. */
    public Job withSeat(int attempt, java.util.function.UnaryOperator<GangMember> change) {
        return withSeats(replaceSeat(attempt, change), attempts, status);
    }

    public boolean isLeasedTo(Address provider, int attempt) {
        if (status != JobStatus.LEASED) {
            return false;
        }
        if (spec.isGang()) {
            return seatOf(attempt).map(seat -> seat.lease().orElseThrow().provider().equals(provider)).orElse(false);
        }
        return lease.map(l -> l.provider().equals(provider) && l.attempt() == attempt).orElse(false);
    }

    /** The gang seat whose lease {@code attempt} is running. */
    public Optional<GangMember> seatOf(int attempt) {
        return members.stream().filter(seat -> seat.runs(attempt)).findFirst();
    }

    /** The leases being billed now: a leased plain job's one, or a gang's running seats'. */
    public List<Lease> runningLeases() {
        if (status != JobStatus.LEASED) {
            return List.of();
        }
        if (spec.isGang()) {
            return members.stream().filter(GangMember::isRunning).map(seat -> seat.lease().orElseThrow()).toList();
        }
        return lease.stream().toList();
    }

    /** Every lease the job holds or last held: a plain job's one, or each gang seat's (current, or last once done). */
    public List<Lease> leases() {
        return spec.isGang() ? members.stream().flatMap(seat -> seat.lease().stream()).toList() : lease.stream().toList();
    }

    /** A gang's seats waiting for a provider: all of them until it is placed, a lost one's after. */
    public List<GangMember> vacantSeats() {
        return members.stream().filter(GangMember::isVacant).toList();
    }

    private List<GangMember> replaceSeat(int attempt, java.util.function.UnaryOperator<GangMember> change) {
        List<GangMember> seats = new ArrayList<>(members);
        for (int i = 0; i < seats.size(); i++) {
            if (seats.get(i).runs(attempt)) {
                seats.set(i, change.apply(seats.get(i)));
                return seats;
            }
        }
        throw new IllegalArgumentException("no seat of job " + id + " runs lease " + attempt);
    }
}
