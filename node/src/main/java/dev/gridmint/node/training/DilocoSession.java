package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.workloads.diloco.Aggregator;
import dev.gridmint.workloads.diloco.AggregatorState;
import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.OuterSettings;
import dev.gridmint.workloads.diloco.Parsed;
import dev.gridmint.workloads.diloco.RoundManifest;
import dev.gridmint.workloads.diloco.RoundOutcome;
import dev.gridmint.workloads.diloco.RoundPlan;
import dev.gridmint.workloads.diloco.Submission;
import dev.gridmint.workloads.diloco.Traffic;
import dev.gridmint.workloads.worker.SessionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * DiLoCo rounds around the pure {@link Aggregator}. A round is planned when every worker that delivered in
 * the previous round (at the start: every registered worker, or for a session that workers {@link #enroll}
 * in, as many as there are shards) has checked in, or when the gathering window passes; whoever checked in
 * by then is a member. It closes when every member delivered or its deadline
 * passes, whichever is first; then the aggregator's quorum decides. A worker that died is not waited for
 * again: it is left out as missing, its shard goes to the others, and when it checks in again it joins at
 * the next plan, downloading θ.
 */
public final class DilocoSession implements TrainingSession {

    /** Rejections kept with their Δ for checkers: a bound on memory, far above what a session's workers can earn. */
    static final int EVIDENCE_KEPT = 64;

    /**
     * @param rounds          rounds to run
     * @param roundMillis     how long members have to deliver, and how long a later round waits for the
     *                        previous round's workers to check in
     * @param startMillis     how long round 0 waits for every registered worker to check in (JVMs start slowly)
     * @param workers         the workers registered up front; none for a network job's session, whose workers
     *                        {@link #enroll} by their own keys
     */
    public record Settings(String id, SessionInfo info, int rounds, int quorum, DeltaCheck check, long roundMillis,
            long startMillis, Map<Integer, Address> workers) {

        public Settings {
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(check, "check");
            workers = Map.copyOf(workers);
            if (rounds < 1 || roundMillis < 1 || startMillis < 1 || quorum < 1) {
                throw new IllegalArgumentException("rounds, timeouts and the quorum must be positive");
            }
        }
    }

    /** The most keys a session enrolls: every one holds a lease on the job, so this only bounds memory. */
    static final int MAX_ENROLLED = 1_024;

    private final Settings settings;
    private final Map<Integer, Address> roster;
    private final Map<Address, Integer> enrolled = new HashMap<>();
    private final Aggregator aggregator;
    private final int maxUploadBytes;
    private final Consumer<TrainingEvent> events;
    private final ChangeSignal signal = new ChangeSignal();
    private final Map<Long, Broadcast> updates = new HashMap<>();
    private final Map<Long, RoundManifest> manifests = new HashMap<>();
    private final List<TrainingEvent.DeltaRejected> rejections = new ArrayList<>();
    /** The rejections' evidence for checkers, the last {@link #EVIDENCE_KEPT}. */
    private final java.util.ArrayDeque<DeltaEvidence> evidence = new java.util.ArrayDeque<>();
    /** Workers that checked in, each with the first round it is ready for. */
    private final Map<Integer, Long> ready = new TreeMap<>();
    private final Set<Integer> delivered = new HashSet<>();
    private final List<Submission> submissions = new ArrayList<>();
    private Set<Integer> expected;
    private long round;
    private RoundPlan plan;
    private long gatheringSince;
    private boolean done;
    /** Whether the session carries on from a saved state, and the workers it has given work to since it opened. */
    private final boolean resumed;
    private final Set<Integer> membersSinceStart = new HashSet<>();
    private Traffic traffic = Traffic.NONE;

    /** {@code initialTheta} is θ0, derived from the seed as every worker derives it. */
    public DilocoSession(Settings settings, double[] initialTheta, Consumer<TrainingEvent> events, long now) {
        this(settings, new Aggregator(initialTheta, outerSettings(settings)), 0, events, now);
    }

    /**
     * A session that carries on from a saved {@link #state()} at its round boundary, as a restarted coordinator
     * resumes a job's run: workers check in again and join the next round, downloading θ.
     */
    public DilocoSession(Settings settings, AggregatorState saved, Consumer<TrainingEvent> events, long now) {
        this(settings, Aggregator.restore(saved, outerSettings(settings)), saved.nextRound(), events, now);
    }

    private DilocoSession(Settings settings, Aggregator aggregator, long round, Consumer<TrainingEvent> events,
            long now) {
        this.settings = settings;
        this.events = events;
        SessionInfo info = settings.info();
        this.aggregator = aggregator;
        this.round = round;
        this.resumed = round > 0;
        this.done = round >= settings.rounds();
        this.maxUploadBytes = DeltaMessage.of(0, 0, 0, 1, info.encoding(), new double[aggregator.theta().length])
                .sizeBytes();
        this.roster = new TreeMap<>(settings.workers());
        settings.workers().forEach((worker, key) -> enrolled.put(key, worker));
        this.expected = new TreeSet<>(settings.workers().keySet());
        this.gatheringSince = now;
    }

    private static OuterSettings outerSettings(Settings settings) {
        SessionInfo info = settings.info();
        return OuterSettings.defaults(info.seed(), info.shards(), info.innerSteps(), info.encoding(),
                settings.quorum(), settings.check());
    }

    /** What a new session needs to carry on from the round boundary now. */
    public synchronized AggregatorState state() {
        return aggregator.state(round);
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public SessionInfo info() {
        return settings.info();
    }

    @Override
    public synchronized Map<Integer, Address> workers() {
        return Map.copyOf(roster);
    }

    @Override
    public int rounds() {
        return settings.rounds();
    }

    /** Whether workers join by their keys: the session was opened with none registered. */
    public boolean enrolling() {
        return settings.workers().isEmpty();
    }

    /**
     * The worker number of {@code key}: the one it already has, or the next free one; empty when the roster is
     * full. The caller has checked that the key may train in this session (it holds a lease on the job).
     */
    public synchronized Optional<Integer> enroll(Address key) {
        Integer known = enrolled.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        if (roster.size() >= MAX_ENROLLED) {
            return Optional.empty();
        }
        int worker = roster.size();
        roster.put(worker, key);
        enrolled.put(key, worker);
        return Optional.of(worker);
    }

    @Override
    public synchronized Answer checkin(int worker, long asked, long now) {
        if (done) {
            return new Answer.Done(aggregator.thetaHash());
        }
        // A resumed session may be behind a worker that delivered a round whose close was never saved: until the
        // worker has been a member here, it is ready for the round the session is at.
        long wanted = resumed && !membersSinceStart.contains(worker) ? Math.min(asked, round) : asked;
        if (plan != null && !delivered.contains(worker) && wanted <= plan.round()) {
            Optional<RoundPlan.Assignment> assignment = plan.assignmentOf(worker);
            if (assignment.isPresent()) {
                membersSinceStart.add(worker);
                return new Answer.Work(plan.round(), assignment.get().shard(), assignment.get().cursor(),
                        plan.thetaHash());
            }
        }
        // a member that delivered is ready for the next round; anyone else from the round it asked for
        long from = plan != null && plan.assignmentOf(worker).isPresent() ? Math.max(wanted, round + 1) : wanted;
        ready.put(worker, Math.max(from, round));
        if (plan == null && maybePlan(now)) {
            signal.changed();
            return checkin(worker, asked, now);
        }
        return new Answer.Wait();
    }

    @Override
    public synchronized Optional<Refusal> upload(int worker, long uploadRound, byte[] body, long now) {
        if (done || plan == null || uploadRound != plan.round()) {
            return Optional.of(Refusal.conflict("STALE_ROUND", "round " + uploadRound + " is not open"
                    + (plan == null ? "" : "; round " + plan.round() + " is")));
        }
        if (plan.assignmentOf(worker).isEmpty()) {
            return Optional.of(new Refusal(403, "NOT_A_MEMBER", "worker " + worker + " is not in round " + round));
        }
        if (delivered.contains(worker)) {
            return Optional.of(Refusal.conflict("DUPLICATE", "worker " + worker + " already delivered round "
                    + round));
        }
        DeltaMessage message;
        switch (DeltaMessage.parse(body)) {
            case Parsed.Ok<DeltaMessage> ok -> message = ok.value();
            case Parsed.Invalid<DeltaMessage> bad -> {
                return Optional.of(Refusal.bad("BAD_DELTA", bad.code() + ": " + bad.message()));
            }
        }
        if (message.worker() != worker || message.round() != uploadRound) {
            return Optional.of(Refusal.bad("MISMATCH", "the Δ is worker " + message.worker() + "'s for round "
                    + message.round() + ", signed as worker " + worker + "'s for round " + uploadRound));
        }
        delivered.add(worker);
        submissions.add(new Submission(message, now));
        traffic = traffic.plusUp(body.length);
        if (delivered.containsAll(plan.members())) {
            close(now);
        }
        signal.changed();
        return Optional.empty();
    }

    @Override
    public synchronized void tick(long now) {
        if (plan != null && now > plan.deadline()) {
            close(now);
            signal.changed();
        } else if (plan == null && !done && maybePlan(now)) {
            signal.changed();
        }
    }

    /** Plans the round once every expected worker is ready for it, or the gathering window has passed. */
    private boolean maybePlan(long now) {
        long window = round == 0 ? settings.startMillis() : settings.roundMillis();
        Set<Integer> candidates = new TreeSet<>();
        ready.forEach((worker, from) -> {
            if (from <= round) {
                candidates.add(worker);
            }
        });
        // an enrolling session has nobody to expect at the start (or on resuming): it waits for one worker per shard
        boolean everyone = expected.isEmpty() && settings.workers().isEmpty()
                ? candidates.size() >= settings.info().shards() : candidates.containsAll(expected);
        if (done || plan != null || candidates.isEmpty() || !(everyone || now - gatheringSince >= window)) {
            return false;
        }
        plan = aggregator.plan(round, candidates, Math.addExact(now, settings.roundMillis()));
        plan.members().forEach(ready::remove);
        delivered.clear();
        submissions.clear();
        return true;
    }

    private void close(long now) {
        RoundOutcome outcome = aggregator.close(plan, submissions);
        List<Integer> accepted = new ArrayList<>();
        for (DeltaCheck.Verdict verdict : outcome.verdicts()) {
            switch (verdict) {
                case DeltaCheck.Verdict.Accepted a -> accepted.add(a.message().worker());
                case DeltaCheck.Verdict.Rejected r -> reject(r);
            }
        }
        TrainingEvent.RoundClosed closed = switch (outcome) {
            case RoundOutcome.Applied applied -> {
                updates.put(round, applied.update());
                manifests.put(round, applied.manifest());
                yield new TrainingEvent.RoundClosed(id(), round, true, aggregator.thetaHash(), accepted,
                        applied.manifest().late(), applied.manifest().missing());
            }
            case RoundOutcome.BelowQuorum below -> new TrainingEvent.RoundClosed(id(), round, false,
                    aggregator.thetaHash(), accepted, below.late(), below.missing());
        };
        expected = new TreeSet<>(delivered);
        plan = null;
        round++;
        gatheringSince = now;
        done = round >= settings.rounds();
        events.accept(closed);
        maybePlan(now);
    }

    private void reject(DeltaCheck.Verdict.Rejected rejected) {
        TrainingEvent.DeltaRejected event = new TrainingEvent.DeltaRejected(id(), round,
                rejected.message().worker(), rejected.reason().code(), rejected.reason().detail(),
                rejected.message().sha256());
        rejections.add(event);
        Address provider = settings.workers().get(rejected.message().worker());
        if (provider != null) {
            evidence.addLast(DeltaEvidence.of(id(), settings.info(), settings.check(), round, plan.thetaHash(), provider, rejected));
            while (evidence.size() > EVIDENCE_KEPT) {
                evidence.removeFirst();
            }
        }
        events.accept(event);
    }

    @Override
    public synchronized List<DeltaEvidence> evidence() {
        return List.copyOf(evidence);
    }

    @Override
    public synchronized Optional<byte[]> update(long applied) {
        Broadcast update = updates.get(applied);
        if (update == null) {
            return Optional.empty();
        }
        traffic = traffic.plusDown(update.sizeBytes());
        return Optional.of(update.toBytes());
    }

    @Override
    public synchronized Optional<byte[]> theta() {
        Broadcast snapshot = aggregator.thetaForJoiner(round);
        traffic = traffic.plusJoin(snapshot.sizeBytes());
        return Optional.of(snapshot.toBytes());
    }

    @Override
    public synchronized Optional<byte[]> manifest(long applied) {
        return Optional.ofNullable(manifests.get(applied)).map(RoundManifest::toBytes);
    }

    @Override
    public int maxUploadBytes() {
        return maxUploadBytes;
    }

    @Override
    public synchronized boolean done() {
        return done;
    }

    @Override
    public synchronized String thetaHash() {
        return aggregator.thetaHash();
    }

    @Override
    public synchronized double[] thetaValues() {
        return aggregator.theta();
    }

    @Override
    public synchronized Traffic traffic() {
        return traffic;
    }

    @Override
    public synchronized List<TrainingEvent.DeltaRejected> rejections() {
        return List.copyOf(rejections);
    }

    /** The round in progress, or being gathered. */
    public synchronized long round() {
        return round;
    }

    /** True while {@code worker} is assigned to the open round and has not delivered yet. */
    public synchronized boolean working(int worker) {
        return plan != null && plan.assignmentOf(worker).isPresent() && !delivered.contains(worker);
    }

    @Override
    public ChangeSignal signal() {
        return signal;
    }
}
