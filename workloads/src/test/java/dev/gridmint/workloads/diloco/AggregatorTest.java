package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AggregatorTest {

    private static final int SIZE = 300;
    private static final DeltaCheck CHECK = new DeltaCheck(1_000.0, 4.0, 10_000);

    private static Aggregator aggregator(int quorum) {
        return new Aggregator(new double[SIZE], OuterSettings.defaults(42, 4, 10, Encoding.FP32, quorum, CHECK));
    }

    /** A Δ whose every value is {@code value}: norm {@code |value| · √300}. */
    private static DeltaMessage delta(RoundPlan plan, int worker, double value, long tokens) {
        double[] d = new double[SIZE];
        Arrays.fill(d, value);
        return DeltaMessage.of(plan.round(), worker, plan.assignmentOf(worker).orElseThrow().shard(), tokens,
                Encoding.FP32, d);
    }

    private static List<Submission> onTime(DeltaMessage... messages) {
        return Arrays.stream(messages).map(m -> new Submission(m, 0)).toList();
    }

    @Test
    void theOuterStepIsNesterovOnTheTokenWeightedMeanOfTheAcceptedDeltas() {
        Aggregator aggregator = aggregator(2);
        RoundPlan plan = aggregator.plan(0, List.of(0, 1, 2, 3), 0);

        RoundOutcome outcome = aggregator.close(plan, onTime(delta(plan, 0, 0.01, 100), delta(plan, 1, 0.02, 300),
                delta(plan, 2, 0.01, 100), delta(plan, 3, 0.02, 300)));

        assertThat(outcome).isInstanceOf(RoundOutcome.Applied.class);
        // g = (0.01·100 + 0.02·300) · 2 / 800 = 0.0175; first Nesterov step u = 0.5 · 1.8 · g (lr 0.5, μ 0.8); θ = 0 − u
        double expected = -(0.5 * 1.8 * 0.0175);
        assertThat(Arrays.stream(aggregator.theta()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(expected, within(1e-8)));
        assertThat(((RoundOutcome.Applied) outcome).update().values()[0]).isCloseTo(-expected, within(1e-8));
    }

    @Test
    void aNanDeltaAndAHugeDeltaAreExcludedAndReported() {
        Aggregator aggregator = aggregator(2);
        RoundPlan plan = aggregator.plan(0, List.of(0, 1, 2, 3), 0);
        DeltaMessage nan = withNaN(delta(plan, 1, 0.01, 100), 17);
        DeltaMessage huge = delta(plan, 3, 1.0, 100); // norm 17.3, ≥ 4 × the median 0.17

        RoundOutcome outcome = aggregator.close(plan,
                onTime(delta(plan, 0, 0.01, 100), nan, delta(plan, 2, 0.01, 100), huge));

        RoundOutcome.Applied applied = (RoundOutcome.Applied) outcome;
        List<DeltaCheck.Reason> reasons = applied.verdicts().stream()
                .filter(v -> v instanceof DeltaCheck.Verdict.Rejected)
                .map(v -> ((DeltaCheck.Verdict.Rejected) v).reason()).toList();
        assertThat(reasons.get(0)).isEqualTo(new DeltaCheck.Reason.NonFinite(17, Double.NaN));
        assertThat(reasons.get(1)).isInstanceOfSatisfying(DeltaCheck.Reason.AboveMedian.class, r -> {
            assertThat(r.norm()).isCloseTo(Math.sqrt(SIZE), within(1e-9));
            assertThat(r.median()).isCloseTo(0.01 * Math.sqrt(SIZE), within(1e-6));
        });
        assertThat(applied.manifest().rejected()).extracting(RoundManifest.RejectedRef::worker,
                RoundManifest.RejectedRef::code, RoundManifest.RejectedRef::sha256).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "non_finite", nan.sha256()),
                        org.assertj.core.groups.Tuple.tuple(3, "norm_above_median", huge.sha256()));
        assertThat(applied.manifest().accepted()).extracting(RoundManifest.DeltaRef::worker).containsExactly(0, 2);
        assertThat(Arrays.stream(aggregator.theta()).boxed().toList()).allSatisfy(v -> assertThat(v).isCloseTo(-0.5 * 1.8 * 0.01, within(1e-8)));
    }

    @Test
    void theAbsoluteCapAppliesWhenTooFewDeltasForAMedian() {
        Aggregator aggregator = aggregator(1);
        RoundPlan plan = aggregator.plan(0, List.of(0, 1), 0);

        RoundOutcome outcome = aggregator.close(plan, onTime(delta(plan, 0, 0.01, 100), delta(plan, 1, 100, 100)));

        assertThat(outcome.verdicts().get(1)).isInstanceOfSatisfying(DeltaCheck.Verdict.Rejected.class, r ->
                assertThat(r.reason()).isInstanceOfSatisfying(DeltaCheck.Reason.AboveCap.class,
                        cap -> assertThat(cap.norm()).isCloseTo(100 * Math.sqrt(SIZE), within(1e-9))));
        assertThat(outcome).isInstanceOf(RoundOutcome.Applied.class);
    }

    @Test
    void aRoundWithAMissingAndALateWorkerCompletesWithTheQuorum() {
        Aggregator aggregator = aggregator(2);
        RoundPlan plan = aggregator.plan(0, List.of(0, 1, 2, 3), 5);

        RoundOutcome outcome = aggregator.close(plan, List.of(new Submission(delta(plan, 0, 0.01, 100), 5),
                new Submission(delta(plan, 2, 0.01, 100), 6), new Submission(delta(plan, 3, 0.01, 100), 1)));

        RoundManifest manifest = ((RoundOutcome.Applied) outcome).manifest();
        assertThat(manifest.accepted()).extracting(RoundManifest.DeltaRef::worker).containsExactly(0, 3);
        assertThat(manifest.late()).containsExactly(2);
        assertThat(manifest.missing()).containsExactly(1);
        assertThat(manifest.thetaHash()).isEqualTo(aggregator.thetaHash()).isNotEqualTo(manifest.thetaHashBefore());
    }

    @Test
    void belowQuorumTheRoundIsNotAppliedAndNothingChanges() {
        Aggregator aggregator = aggregator(3);
        String before = aggregator.thetaHash();
        RoundPlan plan = aggregator.plan(0, List.of(0, 1, 2, 3), 0);

        RoundOutcome outcome = aggregator.close(plan, onTime(delta(plan, 0, 0.01, 100),
                withNaN(delta(plan, 1, 0.01, 100), 0), delta(plan, 2, 0.01, 100)));

        assertThat(outcome).isInstanceOfSatisfying(RoundOutcome.BelowQuorum.class, below -> {
            assertThat(below.accepted()).isEqualTo(2);
            assertThat(below.quorum()).isEqualTo(3);
            assertThat(below.missing()).containsExactly(3);
            assertThat(below.verdicts()).hasSize(3);
        });
        assertThat(aggregator.thetaHash()).isEqualTo(before);
        // the next round reuses θ, and the untrained shards stay first in line
        assertThat(aggregator.plan(1, List.of(0, 1), 0).assignments()).extracting(RoundPlan.Assignment::shard)
                .containsExactly(0, 1);
    }

    @Test
    void aMissingWorkersShardGoesToTheNextRoundsMembersAndARejoinerGetsWork() {
        Aggregator aggregator = aggregator(2);
        RoundPlan round0 = aggregator.plan(0, List.of(0, 1, 2, 3), 0);
        assertThat(round0.assignments()).containsExactly(new RoundPlan.Assignment(0, 0, 0),
                new RoundPlan.Assignment(1, 1, 0), new RoundPlan.Assignment(2, 2, 0),
                new RoundPlan.Assignment(3, 3, 0));
        aggregator.close(round0, onTime(delta(round0, 0, 0.01, 100), delta(round0, 1, 0.01, 100),
                delta(round0, 3, 0.01, 100)));

        // worker 2 is gone: its untrained shard 2 is dealt first; shard 3 waits a round
        RoundPlan round1 = aggregator.plan(1, List.of(0, 1, 3), 0);
        assertThat(round1.assignments()).containsExactly(new RoundPlan.Assignment(0, 0, 10),
                new RoundPlan.Assignment(1, 1, 10), new RoundPlan.Assignment(3, 2, 10));
        aggregator.close(round1, onTime(delta(round1, 0, 0.01, 100), delta(round1, 1, 0.01, 100),
                delta(round1, 3, 0.01, 100)));

        // worker 2 rejoins at the boundary: shard 3, the longest untrained, is now first in line
        RoundPlan round2 = aggregator.plan(2, List.of(3, 2, 1, 0), 0);
        assertThat(round2.members()).containsExactly(0, 1, 2, 3);
        assertThat(round2.assignments()).extracting(RoundPlan.Assignment::shard).containsExactlyInAnyOrder(0, 1, 2, 3);
        Broadcast join = aggregator.thetaForJoiner(2);
        assertThat(join.kind()).isEqualTo(Broadcast.Kind.THETA);
        assertThat(join.values()).containsExactly(aggregator.theta());
        assertThat(join.thetaHash()).isEqualTo(round2.thetaHash());
    }

    @Test
    void wrongRoundDuplicateAndUnassignedDeltasAreRejected() {
        Aggregator aggregator = aggregator(1);
        RoundPlan plan = aggregator.plan(0, List.of(0, 1), 0);
        DeltaMessage stale = DeltaMessage.of(7, 1, 1, 100, Encoding.FP32, new double[SIZE]);
        DeltaMessage stranger = DeltaMessage.of(0, 9, 1, 100, Encoding.FP32, new double[SIZE]);
        DeltaMessage wrongShard = DeltaMessage.of(0, 1, 0, 100, Encoding.FP32, new double[SIZE]);

        RoundOutcome outcome = aggregator.close(plan, onTime(delta(plan, 0, 0.01, 100), delta(plan, 0, 0.02, 100),
                stranger, wrongShard, stale));

        assertThat(outcome.verdicts()).extracting(v -> v instanceof DeltaCheck.Verdict.Rejected r
                ? r.reason().code() : "accepted").containsExactly("duplicate", "not_assigned", "not_assigned",
                        "accepted", "wrong_round");
    }

    @Test
    void theManifestIsCanonical() {
        List<String> hashes = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            Aggregator aggregator = aggregator(1);
            RoundPlan plan = aggregator.plan(0, List.of(0, 1), 0);
            RoundManifest manifest = ((RoundOutcome.Applied) aggregator.close(plan,
                    onTime(delta(plan, 0, 0.01, 100)))).manifest();
            hashes.add(manifest.sha256());
            String text = new String(manifest.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).startsWith("gridmint-diloco-manifest=1\nround=0\nseed=42\ninner_steps=10\n")
                    .contains("assignments=0:0@0,1:1@0\n", "missing=1\n",
                            "optimizer=" + manifest.optimizerHash() + "\n");
        }
        assertThat(hashes.get(0)).isEqualTo(hashes.get(1));
    }

    /** The message with value {@code index} replaced by NaN, as a faulty or hostile worker could send it. */
    private static DeltaMessage withNaN(DeltaMessage message, int index) {
        ByteBuffer payload = ByteBuffer.wrap(message.payload());
        payload.putFloat(index * Float.BYTES, Float.NaN);
        return new DeltaMessage(message.round(), message.worker(), message.shard(), message.tokens(),
                message.encoding(), message.count(), payload.array());
    }
}
