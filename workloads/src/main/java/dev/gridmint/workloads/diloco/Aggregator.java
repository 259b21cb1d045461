package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.train.ParameterVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * The DiLoCo aggregator: it holds the global θ and the outer optimizer, plans each round and closes it
 * from the Δs that arrived. Pure and single-threaded: logical time and membership are passed in.
 *
 * <p>θ is kept at float32 precision (each value a float32, held in a double), so the fp32 θ a joiner
 * downloads is exactly the θ everyone else holds.
 */
public final class Aggregator {

    private final OuterSettings settings;
    private final double[] theta;
    private final NesterovOuter outer;
    /** Per shard, the last round in which an accepted Δ trained it; -1 before any. */
    private final long[] lastTrained;

    public Aggregator(double[] initialTheta, OuterSettings settings) {
        this.settings = settings;
        this.theta = ParameterVector.roundToFloat(initialTheta.clone());
        this.outer = new NesterovOuter(theta.length, settings.learningRate(), settings.momentum());
        this.lastTrained = new long[settings.shards()];
        Arrays.fill(lastTrained, -1L);
    }

    /**
     * An aggregator that carries on from {@code state}, as the one that saved it would have: the same θ,
     * momentum and shard history.
     */
    public static Aggregator restore(AggregatorState state, OuterSettings settings) {
        Aggregator aggregator = new Aggregator(state.theta(), settings);
        if (!ParameterVector.sha256(aggregator.theta).equals(ParameterVector.sha256(state.theta()))) {
            throw new IllegalArgumentException("the saved θ is not fp32-valued");
        }
        if (state.lastTrained().length != settings.shards()) {
            throw new IllegalArgumentException("the state has " + state.lastTrained().length + " shards, the run "
                    + settings.shards());
        }
        aggregator.outer.restore(state.momentum());
        System.arraycopy(state.lastTrained(), 0, aggregator.lastTrained, 0, aggregator.lastTrained.length);
        return aggregator;
    }

    /** What {@link #restore} needs to carry on at round {@code nextRound}. */
    public AggregatorState state(long nextRound) {
        return new AggregatorState(nextRound, theta, outer.buffer(), lastTrained);
    }

    public OuterSettings settings() {
        return settings;
    }

    /** A copy of the global θ. */
    public double[] theta() {
        return theta.clone();
    }

    public String thetaHash() {
        return ParameterVector.sha256(theta);
    }

    /** The full fp32 θ, as a worker joining at the boundary before {@code round} downloads it. */
    public Broadcast thetaForJoiner(long round) {
        return Broadcast.of(Broadcast.Kind.THETA, round, Encoding.FP32, theta, thetaHash());
    }

    /**
     * Plans round {@code round} for {@code members}. Shards that have waited longest since they were last
     * trained go first (so a missing worker's shard is picked up in the next round), ties by shard number;
     * they are dealt in ascending order to the members in ascending order. If there are more members than
     * shards, the highest-numbered members sit the round out.
     */
    public RoundPlan plan(long round, Collection<Integer> members, long deadline) {
        List<Integer> sortedMembers = members.stream().distinct().sorted().limit(settings.shards()).toList();
        List<Integer> shards = IntStream.range(0, settings.shards()).boxed()
                .sorted(Comparator.<Integer>comparingLong(s -> lastTrained[s]).thenComparingInt(s -> s))
                .limit(sortedMembers.size()).sorted().toList();
        long cursor = Math.multiplyExact(round, (long) settings.innerSteps());
        List<RoundPlan.Assignment> assignments = new ArrayList<>();
        for (int i = 0; i < sortedMembers.size(); i++) {
            assignments.add(new RoundPlan.Assignment(sortedMembers.get(i), shards.get(i), cursor));
        }
        return new RoundPlan(round, thetaHash(), assignments, deadline, settings.quorum());
    }

    /**
     * Closes a round: on-time Δs from assigned workers are checked; if at least the quorum pass, their
     * token-weighted average is the outer gradient, the outer step is taken, θ moves by the update as
     * encoded for the wire, and a manifest is written. Otherwise nothing changes.
     */
    public RoundOutcome close(RoundPlan plan, List<Submission> submissions) {
        String before = thetaHash();
        if (!plan.thetaHash().equals(before)) {
            throw new IllegalStateException("plan for round " + plan.round() + " was made for another θ");
        }
        List<DeltaCheck.Verdict> verdicts = new ArrayList<>();
        Map<Integer, DeltaMessage> onTime = new HashMap<>();
        Set<Integer> seen = new HashSet<>();
        List<Integer> late = new ArrayList<>();
        for (Submission s : submissions) {
            DeltaMessage m = s.message();
            boolean assigned = plan.assignmentOf(m.worker()).filter(a -> a.shard() == m.shard()).isPresent();
            if (!assigned) {
                verdicts.add(new DeltaCheck.Verdict.Rejected(m, new DeltaCheck.Reason.NotAssigned(m.worker(),
                        m.shard())));
            } else if (!seen.add(m.worker())) {
                verdicts.add(new DeltaCheck.Verdict.Rejected(m, new DeltaCheck.Reason.Duplicate(m.worker())));
            } else if (s.arrivedAt() > plan.deadline()) {
                late.add(m.worker());
            } else {
                onTime.put(m.worker(), m);
            }
        }
        List<Integer> missing = plan.members().stream().filter(w -> !seen.contains(w)).toList();
        List<DeltaMessage> ordered = plan.members().stream().filter(onTime::containsKey).map(onTime::get).toList();
        verdicts.addAll(settings.check().check(plan.round(), theta.length, ordered));
        List<DeltaCheck.Verdict.Accepted> accepted = verdicts.stream()
                .filter(v -> v instanceof DeltaCheck.Verdict.Accepted).map(v -> (DeltaCheck.Verdict.Accepted) v)
                .toList();
        late.sort(Comparator.naturalOrder());
        if (accepted.size() < plan.quorum()) {
            return new RoundOutcome.BelowQuorum(plan.round(), accepted.size(), plan.quorum(), late, missing,
                    verdicts);
        }
        Broadcast update = step(plan.round(), weightedMean(accepted));
        for (DeltaCheck.Verdict.Accepted a : accepted) {
            lastTrained[a.message().shard()] = plan.round();
        }
        RoundManifest manifest = new RoundManifest(plan.round(), settings.seed(), settings.innerSteps(), before,
                thetaHash(), plan.assignments(),
                accepted.stream().map(a -> new RoundManifest.DeltaRef(a.message().worker(), a.message().shard(),
                        a.message().tokens(), a.message().sha256())).toList(),
                verdicts.stream().filter(v -> v instanceof DeltaCheck.Verdict.Rejected)
                        .map(v -> (DeltaCheck.Verdict.Rejected) v)
                        .map(r -> new RoundManifest.RejectedRef(r.message().worker(), r.message().sha256(),
                                r.reason().code())).toList(),
                late, missing, update.sha256(), outer.stateHash());
        return new RoundOutcome.Applied(manifest, update, verdicts);
    }

    /** Σ tokens·Δ / Σ tokens, summed in the given (member) order so the result is reproducible. */
    private double[] weightedMean(List<DeltaCheck.Verdict.Accepted> accepted) {
        double[] mean = new double[theta.length];
        long totalTokens = 0;
        for (DeltaCheck.Verdict.Accepted a : accepted) {
            totalTokens = Math.addExact(totalTokens, a.message().tokens());
        }
        for (DeltaCheck.Verdict.Accepted a : accepted) {
            double weight = (double) a.message().tokens() / totalTokens;
            double[] delta = a.delta();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += weight * delta[i];
            }
        }
        return mean;
    }

    /** The outer step: θ moves by the update exactly as the workers will decode it. */
    private Broadcast step(long round, double[] outerGradient) {
        byte[] payload = settings.encoding().encode(outer.step(outerGradient));
        double[] update = settings.encoding().decode(payload, theta.length);
        applyUpdate(theta, update);
        return new Broadcast(Broadcast.Kind.UPDATE, round, settings.encoding(), theta.length, thetaHash(), payload);
    }

    /** θ ← fp32(θ − u): what the aggregator and every worker do with an update. */
    public static void applyUpdate(double[] theta, double[] update) {
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) (theta[i] - update[i]);
        }
    }
}
