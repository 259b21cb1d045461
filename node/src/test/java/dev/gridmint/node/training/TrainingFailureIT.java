package dev.gridmint.node.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.workloads.diloco.RoundManifest;
import dev.gridmint.workloads.diloco.RoundPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures with real worker JVMs: a worker SIGKILLed mid-round, and workers that send NaN or huge Δs. About a
 * minute of JVMs and round deadlines, so it runs in the integration-test phase (the {@code slow} profile).
 */
class TrainingFailureIT {

    @TempDir
    Path dir;

    @BeforeAll
    static void startService() {
        LoopbackTrainingIT.startService();
    }

    @AfterAll
    static void stopService() {
        LoopbackTrainingIT.stopService();
    }

    private static LoopbackTraining harness(Path dir) {
        return new LoopbackTraining(LoopbackTrainingIT.service, LoopbackTrainingIT.server.url(), dir);
    }

    private static List<TrainingEvent.RoundClosed> rounds(LoopbackTraining.Outcome outcome) {
        return outcome.events().stream().filter(e -> e instanceof TrainingEvent.RoundClosed)
                .map(e -> (TrainingEvent.RoundClosed) e).toList();
    }

    @Test
    void aWorkerKilledMidRoundIsLeftOutItsShardIsReassignedAndItRejoins() throws Exception {
        var dropout = new LoopbackTraining.Dropout(1, 1, 3);
        LoopbackTraining.Outcome outcome = harness(dir).run(LoopbackTrainingIT.diloco("sigkill", 5, 20, 3,
                Map.of(), Optional.of(dropout), 10_000), r -> { });

        List<TrainingEvent.RoundClosed> closed = rounds(outcome);
        assertThat(closed).hasSize(5).allMatch(TrainingEvent.RoundClosed::applied);
        assertThat(closed.get(0).accepted()).containsExactly(0, 1, 2, 3);
        // killed while it trained round 1: the round closes at its deadline with the quorum of three
        assertThat(closed.get(1).accepted()).containsExactly(0, 2, 3);
        assertThat(closed.get(1).missing()).containsExactly(1);
        // round 2 runs without it, and its shard (1, untrained in round 1) goes to another worker
        RoundManifest round2 = manifest("sigkill", 2, outcome);
        assertThat(round2.assignments()).extracting(RoundPlan.Assignment::worker).containsExactly(0, 2, 3);
        assertThat(round2.assignments()).anyMatch(a -> a.shard() == 1);
        // its new JVM joins at the boundary of round 3, downloading θ, and delivers from then on
        assertThat(closed.get(3).accepted()).containsExactly(0, 1, 2, 3);
        assertThat(closed.get(4).accepted()).containsExactly(0, 1, 2, 3);
        assertThat(outcome.traffic().join()).isPositive();
        assertThat(outcome.exitCodes()).containsOnly(0);
    }

    @Test
    void theSameSeedGivesTheSameThetaEvenWithAWorkerKilled() throws Exception {
        var dropout = Optional.of(new LoopbackTraining.Dropout(2, 0, 2));
        String first = harness(dir).run(LoopbackTrainingIT.diloco("again-1", 3, 10, 3, Map.of(), dropout,
                10_000), r -> { }).thetaHash();
        String second = harness(dir).run(LoopbackTrainingIT.diloco("again-2", 3, 10, 3, Map.of(), dropout,
                10_000), r -> { }).thetaHash();

        assertThat(second).isEqualTo(first);
    }

    @Test
    void nanAndHugeDeltasAreExcludedAndReported() throws Exception {
        LoopbackTraining.Outcome outcome = harness(dir).run(LoopbackTrainingIT.diloco("cheats", 2, 5, 2,
                Map.of(1, "nan", 2, "huge"), Optional.empty(), 60_000), r -> { });

        List<TrainingEvent.RoundClosed> closed = rounds(outcome);
        assertThat(closed).hasSize(2).allMatch(TrainingEvent.RoundClosed::applied)
                .allMatch(r -> r.accepted().equals(List.of(0, 3)));
        List<TrainingEvent.DeltaRejected> rejected = outcome.events().stream()
                .filter(e -> e instanceof TrainingEvent.DeltaRejected).map(e -> (TrainingEvent.DeltaRejected) e)
                .toList();
        assertThat(rejected).extracting(TrainingEvent.DeltaRejected::worker, TrainingEvent.DeltaRejected::code)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "non_finite"),
                        org.assertj.core.groups.Tuple.tuple(2, "norm_above_cap"),
                        org.assertj.core.groups.Tuple.tuple(1, "non_finite"),
                        org.assertj.core.groups.Tuple.tuple(2, "norm_above_cap"));
        assertThat(manifest("cheats", 0, outcome).rejected()).extracting(RoundManifest.RejectedRef::worker,
                RoundManifest.RejectedRef::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1, "non_finite"),
                org.assertj.core.groups.Tuple.tuple(2, "norm_above_cap"));
    }

    /** The manifest of {@code round}, parsed strictly as a joiner or a verifier reads it. */
    private static RoundManifest manifest(String session, long round, LoopbackTraining.Outcome outcome) {
        assertThat(outcome.manifests()).containsKey(round);
        return switch (RoundManifest.parse(outcome.manifests().get(round))) {
            case dev.gridmint.workloads.diloco.Parsed.Ok<RoundManifest> ok -> ok.value();
            case dev.gridmint.workloads.diloco.Parsed.Invalid<RoundManifest> bad ->
                    throw new AssertionError(session + " round " + round + ": " + bad.message());
        };
    }
}
