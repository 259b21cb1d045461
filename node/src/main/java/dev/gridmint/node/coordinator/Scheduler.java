package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.Lease;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.PriceReport;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.AwardBid;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.Seat;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Tick;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.VerifiedTx;
import dev.gridmint.market.ledger.FromLedger;
import dev.gridmint.market.matching.Grant;
import dev.gridmint.market.matching.MatchResult;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.node.protocol.AgentMessage;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's own hand in the ledger: it keeps ledger time, closes epochs when they are
 * due, reports the price where it is an oracle, leases queued jobs to online providers with free
 * devices, settles completed jobs, and takes leases back from lost providers so their jobs run
 * elsewhere. Placement is the market engine's matching (instant, or an auction when the job asks),
 * over the {@link MarketBook} it keeps in step with the ledger and with liveness. All of it, the
 * book included, runs on one thread, which keeps the coordinator's nonces in order and its
 * decisions free of races; ledger events and agent events only queue work for that thread.
 */
public final class Scheduler implements Sequencer.Listener, AgentHub.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final Sequencer sequencer;
    private final AgentHub agents;
    private final Keypair key;
    private final String networkId;
    private final InstantSource clock;
    private final PriceFeed priceFeed;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("scheduler").factory());
    /** Providers that lost a job are not given the same job again. */
    private final Map<Hash, Set<Address>> lostBy = new ConcurrentHashMap<>();
    private final MarketBook book;
    private final AtomicBoolean passQueued = new AtomicBoolean();
    /**
     * The jobs that may be queued, by the height of their submission (their order id): a pass walks
     * these instead of every job the ledger ever held, and drops those no longer queued. Only a
     * {@code SubmitJob} or a {@code ReleaseLease} queues a job, and both add it here; the clock's
     * once-a-second turn adds every queued job again, so nothing missed (a job submitted before this
     * scheduler listened) waits longer than that.
     */
    private final ConcurrentSkipListMap<Long, Hash> maybeQueued = new ConcurrentSkipListMap<>();
    private final CheckpointBook checkpoints;

    /** {@code history}: the ledger's history, walked once at start for what only it holds (see {@link MarketBook#rebuild}). */
    public Scheduler(Sequencer sequencer, AgentHub agents, Keypair key, String networkId, InstantSource clock,
            PriceFeed priceFeed, MarketBook book, MarketBook.History history, CheckpointBook checkpoints) {
        this.book = book;
        this.checkpoints = checkpoints;
        this.sequencer = sequencer;
        this.agents = agents;
        this.key = key;
        this.networkId = networkId;
        this.clock = clock;
        this.priceFeed = priceFeed;
        thread.execute(() -> {
            book.rebuild(sequencer.state(), history);
            noteQueuedJobs(sequencer.state());
        });
    }

    /**
     * Reads the order book on the scheduler's thread, the only one that touches it, and waits for
     * the answer; empty if the scheduler is too busy to answer within a few seconds.
     */
    public <T> Optional<T> readBook(Function<MarketBook, T> read) {
        try {
            return Optional.of(thread.submit(() -> read.apply(book)).get(5, TimeUnit.SECONDS));
        } catch (TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading the order book failed", e.getCause());
        }
    }

    /**
     * Brings ledger time up to the wall clock, closes the epoch once it is over, and reports the
     * feed's price when this coordinator is an oracle reporter and its last report is getting old.
     * Called on a timer; the work runs on the scheduler's thread.
     */
    public void keepTime() {
        thread.execute(this::tickAndClose);
    }

    private void tickAndClose() {
        long now = clock.instant().getEpochSecond();
        LedgerState state = sequencer.state();
        noteQueuedJobs(state);
        if (now > state.now()) {
            submitOwn(new Tick(now));
            state = sequencer.state();
        }
        var params = state.network().orElseThrow().params();
        if (state.now() >= state.clock().epochEnd(params.emission().epochSeconds())) {
            long epoch = state.clock().epoch();
            if (submitOwn(new CloseEpoch(epoch))) {
                LOG.info("epoch {} closed", epoch);
            }
            state = sequencer.state();
        }
        if (book.decisionDue(state.now())) {
            placeQueuedJobs(); // an auction's window closed or a reclaim notice ran out: decide it now
        }
        if (priceFeed.price().isPresent() && params.oracle().reporters().contains(key.address())) {
            long refreshAfter = Math.max(1, params.oracle().maxAgeSeconds() / 3);
            long lastReport = state.prices().get(key.address()).map(PriceReport::observedAt).orElse(-1L);
            if (lastReport < 0 || state.now() - lastReport >= refreshAfter) {
                submitOwn(new ReportPrice(priceFeed.price().getAsLong(), state.now()));
            }
        }
    }

    @Override
    public void onApplied(SignedTx tx, LedgerState before, LedgerState after) {
        switch (tx.payload()) {
            case SubmitJob s -> {
                maybeQueued.put(after.height(), tx.hash());
                if (s.spec().requirements().isAuction()) {
                    thread.execute(() -> book.auctionSubmitted(after.height(), after.now()));
                }
                requestPass();
            }
            case RegisterProvider r -> requestPass();
            case BondProviderStake b -> requestPass();
            case ReleaseLease r -> thread.execute(() -> {
                seatEnded(r.jobId(), r.attempt(), before, after);
                after.job(r.jobId()).ifPresent(job -> maybeQueued.put(job.submittedAtHeight(), job.id()));
                requestPass();
            });
            case CompleteJob c -> thread.execute(() -> {
                seatEnded(c.jobId(), c.attempt(), before, after);
                settle(c.jobId());
                requestPass();
            });
            case AcceptBid a -> thread.execute(() -> acceptBid(a));
            case PlaceBid b -> thread.execute(() -> after.job(b.jobId())
                    .ifPresent(job -> book.ownBid(job, tx.signer(), b.pricePerDeviceHour(), after.now())));
            case CancelJob c -> thread.execute(() -> {
                book.jobLeaseEnded(c.jobId(), after.now());
                after.job(c.jobId()).ifPresent(job -> book.forgetAuction(job.submittedAtHeight()));
                requestPass();
            });
            default -> { }
        }
    }

    /**
     * A lease ended in the ledger: a plain job's GPUs go back to the book. A gang's member frees only its own node,
     * unless the whole gang is over (it failed, ran dry, or every member is done): then every member's node is freed,
     * and the members still running are told to stop.
     */
    private void seatEnded(Hash jobId, int attempt, LedgerState before, LedgerState after) {
        Optional<Job> was = before.job(jobId);
        if (was.isEmpty() || !was.get().spec().isGang()) {
            book.jobLeaseEnded(jobId, after.now());
            return;
        }
        was.get().seatOf(attempt).ifPresent(seat -> book.seatsEnded(jobId, List.of(seat.index()), after.now()));
        Job now = after.job(jobId).orElseThrow();
        if (now.status() != JobStatus.LEASED) {
            book.jobLeaseEnded(jobId, after.now());
            for (Lease lease : was.get().runningLeases()) {
                if (lease.attempt() != attempt && !now.status().equals(JobStatus.COMPLETED)) {
                    agents.send(lease.provider(), new AgentMessage.Abort(jobId.hex(), lease.attempt(), "the gang ended: " + now.status()));
                }
            }
        }
    }

    @Override
    public void onProviderOnline(Address provider) {
        requestPass();
    }

    @Override
    public void onJobFailed(Address provider, String jobId, int attempt, String reason) {
        thread.execute(() -> release(Hash.parse(jobId), provider, attempt, "provider reported failure: " + reason, 0));
    }

    /** Called by the liveness sweep: every lease of a lost provider goes back to the queue. */
    public void providersLost(List<AgentHub.LostProvider> providers) {
        if (!providers.isEmpty()) {
            thread.execute(() -> providers.forEach(lost -> releaseAllOf(lost.address(), lost.lastSeen().getEpochSecond())));
        }
    }

    /**
     * For a coordinator that restarted with leases standing: nobody is connected after a restart, so
     * the liveness sweep cannot see a lease holder that never comes back. Called once the providers
     * have had the timeout to reconnect, this takes back the leases of those that did not.
     */
    public void releaseLeasesOfAbsentProviders() {
        thread.execute(() -> sequencer.state().jobs().values().stream()
                .filter(job -> job.status() == JobStatus.LEASED)
                .flatMap(job -> job.runningLeases().stream()
                        .filter(lease -> !agents.isOnline(lease.provider()))
                        .map(lease -> Map.entry(job.id(), lease)))
                .toList()
                .forEach(held -> releaseAbsent(held.getKey(), held.getValue())));
    }

    /**
     * Nobody saw the provider since the restart, so its last sign of life is the last time its lease
     * was billed (its own receipts touch it): billing stops there, and anything later is refunded.
     */
    private void releaseAbsent(Hash jobId, Lease lease) {
        release(jobId, lease.provider(), lease.attempt(), "provider did not come back after a coordinator restart",
                Math.max(lease.settledAt(), lease.startedAt()));
    }

    /** Runs a placement pass now, for a coordinator that restarts with jobs already queued. */
    public void kick() {
        requestPass();
    }

    /**
     * Queues a placement pass unless one is queued already: a pass looks at every queued job, so one
     * pass serves every event that came before it ran, and a burst of submissions (a group-committed
     * batch is one event each) costs one pass instead of one per job.
     */
    private void requestPass() {
        if (passQueued.compareAndSet(false, true)) {
            thread.execute(() -> {
                passQueued.set(false);
                placeQueuedJobs();
            });
        }
    }

    /**
     * One pass of instant matching, oldest job first: the book's offers are brought in line with
     * who is online and staked, then each queued job is submitted as an order, never to the
     * providers that lost it before, nor to one that is offline but still listed for a lease it holds.
     */
    private void placeQueuedJobs() {
        LedgerState state = sequencer.state();
        long now = state.now();
        // Spot leases whose reclaim notice ran out end first, in the ledger too, then the reserved jobs take their GPUs.
        book.startPass(now).forEach(event -> book.reclaimed(event).ifPresent(this::releaseReclaimed));
        List<Placement> placements = new ArrayList<>();
        for (MarketBook.Started started : book.startedAfterReclaim()) {
            placements.add(new Placement(sequencer.state().job(started.job()).orElseThrow(), started.lease().grants().getFirst()));
        }
        book.syncOffers(state, agents.connectedProviders());
        Set<Long> unavailable = book.unavailableOffers();
        for (Job job : queuedJobs(state)) {
            if (book.isReclaiming(job.id())) {
                continue; // waiting out the notice of the spot leases it reclaims
            }
            Set<Long> excluded = new HashSet<>(unavailable);
            lostBy.getOrDefault(job.id(), Set.of()).forEach(provider -> excluded.add(FromLedger.offerId(provider)));
            if (job.spec().isGang()) {
                book.placeSeats(job, now, excluded).ifPresent(seats -> placements.add(new Placement(job, seats.grants(), seats.members())));
                continue;
            }
            switch (book.place(job, now, excluded)) {
                case MatchResult.Matched matched -> placements.add(new Placement(job, matched.lease().grants().getFirst()));
                case MatchResult.Reclaiming reclaiming -> reclaiming.reclaimedLeases().forEach(lease -> noticeReclaim(lease, reclaiming));
                case MatchResult.NoMatch noMatch -> { }
                case MatchResult.Refused refused -> { }
            }
        }
        lease(placements, now);
    }

    /** A leased gang that lost a member and waits for its seat to be placed again; the others run on meanwhile. */
    private static boolean hasVacantSeats(Job job) {
        return job.status() == JobStatus.LEASED && job.spec().isGang() && !job.vacantSeats().isEmpty();
    }

    /** A queued job, or a leased gang with a seat to place again. */
    private static boolean waitsForPlacement(Job job) {
        return job.status() == JobStatus.QUEUED || hasVacantSeats(job);
    }

    /**
     * Every job of {@code state} waiting for placement, oldest first, from {@link #maybeQueued}; those no longer
     * waiting leave it.
     */
    private List<Job> queuedJobs(LedgerState state) {
        List<Job> queued = new ArrayList<>();
        for (var it = maybeQueued.entrySet().iterator(); it.hasNext();) {
            var entry = it.next();
            Optional<Job> job = state.job(entry.getValue());
            if (job.isPresent() && waitsForPlacement(job.get())) {
                queued.add(job.get());
            } else if (job.isPresent() || entry.getKey() <= state.height()) {
                it.remove(); // leased, done or gone; one submitted after this state was read stays for the next pass
            }
        }
        return queued;
    }

    /** Adds every job of {@code state} waiting for placement to {@link #maybeQueued}: a walk of all jobs, once a second at most. */
    private void noteQueuedJobs(LedgerState state) {
        for (Job job : state.jobs().values()) {
            if (waitsForPlacement(job)) {
                maybeQueued.put(job.submittedAtHeight(), job.id());
            }
        }
    }

    /** Tells the provider running a spot job that its lease ends at the reclaim's deadline. */
    private void noticeReclaim(long leaseId, MatchResult.Reclaiming reclaiming) {
        book.jobOf(leaseId).flatMap(id -> sequencer.state().job(id))
                .filter(job -> job.status() == JobStatus.LEASED && !job.spec().isGang()).ifPresent(job -> {
            Lease lease = job.lease().orElseThrow();
            LOG.info("job {} (spot) is reclaimed from {} at {} for order {}", job.id().shortHex(), lease.provider(),
                    reclaiming.deadline(), reclaiming.orderId());
            agents.send(lease.provider(), new AgentMessage.Reclaim(job.id().hex(), lease.attempt(), reclaiming.deadline()));
        });
    }

    /**
     * A spot job's notice ran out: its lease is released, billed up to now (the provider did not
     * fail, so nothing is refunded and it is not excluded from the job), and the job queues again.
     */
    private void releaseReclaimed(Hash jobId) {
        sequencer.state().job(jobId).filter(job -> job.status() == JobStatus.LEASED && !job.spec().isGang()).ifPresent(job -> {
            Lease lease = job.lease().orElseThrow();
            String reason = "reclaimed: a reserved job took the node after the spot notice";
            if (submitOwn(new ReleaseLease(jobId, lease.attempt(), reason, 0))) {
                LOG.info("job {} released from {}: {}", jobId.shortHex(), lease.provider(), reason);
                agents.send(lease.provider(), new AgentMessage.Abort(jobId.hex(), lease.attempt(), reason));
            }
        });
    }

    /** The tenant's signed pick of a bid (the API checked the bid was there): the job is leased on it. */
    private void acceptBid(AcceptBid accept) {
        LedgerState state = sequencer.state();
        Optional<Job> job = state.job(accept.jobId()).filter(j -> j.status() == JobStatus.QUEUED);
        if (job.isEmpty()) {
            return;
        }
        MatchResult result = book.accept(job.get(), accept.provider(), state.now());
        if (result instanceof MatchResult.Matched matched) {
            lease(List.of(new Placement(job.get(), matched.lease().grants().getFirst())), state.now());
        } else {
            LOG.warn("job {}: the accepted bid of {} can no longer be placed: {}", accept.jobId().shortHex(), accept.provider(), result);
        }
    }

    /**
     * A match of the book's, to be leased in the ledger: a plain job's one grant, or a gang's grants for its vacant
     * seats ({@code grants.get(i)} takes seat {@code members.get(i)}).
     */
    private record Placement(Job job, List<Grant> grants, List<Integer> members) {

        Placement(Job job, Grant grant) {
            this(job, List.of(grant), List.of());
        }

        /**
         * A gang's seats are filled at once ({@code AssignGang}); a job put to auction is leased at the winning bid's
         * price ({@code AwardBid}), any other at the offer's.
         */
        TxPayload tx() {
            if (job.spec().isGang()) {
                List<Seat> seats = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    seats.add(new Seat(members.get(i), grants.get(i).provider()));
                }
                return new AssignGang(job.id(), seats);
            }
            Grant grant = grants.getFirst();
            return job.spec().requirements().isAuction()
                    ? new AwardBid(job.id(), grant.provider(), grant.pricePerGpuHour())
                    : new AssignLease(job.id(), grant.provider());
        }
    }

    /**
     * Leases the book's matches in the ledger, all in one batch (one durable append for a pass, not
     * one per job), then sends each provider its job; a lease the ledger refused gives its GPUs back.
     */
    private void lease(List<Placement> placements, long now) {
        List<Boolean> accepted = submitOwnAll(placements.stream().map(Placement::tx).toList());
        for (int i = 0; i < placements.size(); i++) {
            Placement placement = placements.get(i);
            Job job = placement.job();
            if (!accepted.get(i)) {
                if (job.spec().isGang()) {
                    book.seatsEnded(job.id(), placement.members(), now);
                } else {
                    book.jobLeaseEnded(job.id(), now);
                }
                continue;
            }
            Job leased = sequencer.state().job(job.id()).orElseThrow();
            if (job.spec().isGang()) {
                for (int member : placement.members()) {
                    Lease lease = leased.members().get(member).lease().orElseThrow();
                    send(job, lease.provider(), lease.attempt(), member);
                }
            } else {
                send(job, placement.grants().getFirst().provider(), leased.lease().orElseThrow().attempt(), 0);
            }
        }
    }

    /** Sends a provider its lease of the job (its seat, for a gang member); one that cannot be reached loses it again. */
    private void send(Job job, Address provider, int attempt, int member) {
        var spec = job.spec();
        LOG.info("job {} leased to {} (attempt {}, seat {} of {})", job.id().shortHex(), provider, attempt, member, spec.nodes());
        // A later attempt of a checkpointing job resumes where the last lease holder's newest checkpoint left off.
        var assign = new AgentMessage.Assign(job.id().hex(), attempt, spec.workload(), spec.args(), spec.maxSeconds(),
                checkpoints.newestFirst(job.id()), member, spec.nodes());
        if (!agents.send(provider, assign)) {
            release(job.id(), provider, attempt, "provider unreachable when the lease was sent", 0);
        }
    }

    private void settle(Hash jobId) {
        if (sequencer.state().job(jobId).map(job -> job.status() == JobStatus.COMPLETED).orElse(false)) {
            submitOwn(new SettleJob(jobId));
        }
    }

    /** {@code downSince}: when the provider was last heard from, in unix seconds, or 0 when unknown. */
    private void releaseAllOf(Address provider, long downSince) {
        sequencer.state().jobs().values().stream()
                .flatMap(job -> job.runningLeases().stream()
                        .filter(lease -> lease.provider().equals(provider))
                        .map(lease -> Map.entry(job.id(), lease.attempt())))
                .toList()
                .forEach(held -> release(held.getKey(), provider, held.getValue(), "provider lost: no heartbeat within the timeout",
                        downSince));
    }

    private void release(Hash jobId, Address provider, int attempt, String reason, long downSince) {
        boolean holds = sequencer.state().job(jobId).map(job -> job.isLeasedTo(provider, attempt)).orElse(false);
        if (!holds) {
            return;
        }
        lostBy.computeIfAbsent(jobId, id -> ConcurrentHashMap.newKeySet()).add(provider);
        long now = sequencer.state().now();
        if (submitOwn(new ReleaseLease(jobId, attempt, reason, Math.min(downSince, now)))) {
            LOG.info("job {} released from {}: {}", jobId.shortHex(), provider, reason);
            agents.send(provider, new AgentMessage.Abort(jobId.hex(), attempt, reason));
        }
    }

    /**
     * Signs and submits a coordinator transaction on the scheduler's thread, the one that owns the coordinator's nonces,
     * and waits for it: whether the ledger applied it, or empty if that is not known within a few seconds.
     */
    public Optional<Boolean> submitAsCoordinator(TxPayload payload) {
        try {
            return Optional.of(thread.submit(() -> submitOwn(payload)).get(10, TimeUnit.SECONDS));
        } catch (TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            LOG.warn("coordinator transaction {} failed", payload.getClass().getSimpleName(), e.getCause());
            return Optional.empty();
        }
    }

    private boolean submitOwn(TxPayload payload) {
        return submitOwnAll(List.of(payload)).getFirst();
    }

    /**
     * Signs with the coordinator key at its next nonces, one batch; only this thread does, so nonces
     * never collide. A refused transaction leaves a gap that refuses every later one of the batch
     * (wrong nonce), so those are signed again and sent in a batch of their own. Whether each was applied.
     */
    private List<Boolean> submitOwnAll(List<TxPayload> payloads) {
        List<Boolean> applied = new ArrayList<>(payloads.size());
        while (applied.size() < payloads.size()) {
            long nonce = sequencer.state().account(key.address()).nonce();
            List<TxPayload> rest = payloads.subList(applied.size(), payloads.size());
            List<VerifiedTx> batch = new ArrayList<>(rest.size());
            for (TxPayload payload : rest) {
                batch.add(VerifiedTx.sign(key, networkId, ++nonce, payload));
            }
            for (ApplyResult result : sequencer.submitSigned(batch)) {
                if (result instanceof Rejected rejected) {
                    TxPayload payload = payloads.get(applied.size());
                    LOG.warn("coordinator transaction {} refused: {} {}", payload.getClass().getSimpleName(), rejected.error(), rejected.message());
                    applied.add(false);
                    break;
                }
                applied.add(true);
            }
        }
        return applied;
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
