package dev.gridmint.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.protocol.AgentMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobTelemetryTest {

    private static final String JOB = "ab".repeat(32);

    @Test
    void collectsTheLossCurveOfTheCurrentAttempt() {
        var telemetry = new JobTelemetry();
        telemetry.progress("p1", new AgentMessage.Progress(JOB, 1, 10, 100, 3.0, 3.1));
        telemetry.progress("p1", new AgentMessage.Progress(JOB, 1, 20, 100, 2.5, 2.6));

        var snapshot = telemetry.get(JOB);

        assertThat(snapshot.attempt()).isEqualTo(1);
        assertThat(snapshot.provider()).isEqualTo("p1");
        assertThat(snapshot.step()).isEqualTo(20);
        assertThat(snapshot.totalSteps()).isEqualTo(100);
        assertThat(snapshot.curve()).containsExactly(new JobTelemetry.Point(10, 3.0, 3.1), new JobTelemetry.Point(20, 2.5, 2.6));
        assertThat(snapshot.outcome()).isNull();
    }

    @Test
    void aNewAttemptFromScratchReplacesTheCurve() {
        var telemetry = new JobTelemetry();
        telemetry.progress("p1", new AgentMessage.Progress(JOB, 1, 10, 100, 3.0, 3.1));
        telemetry.progress("p2", new AgentMessage.Progress(JOB, 2, 5, 100, 3.3, 3.4));

        var snapshot = telemetry.get(JOB);

        assertThat(snapshot.attempt()).isEqualTo(2);
        assertThat(snapshot.provider()).isEqualTo("p2");
        assertThat(snapshot.curve()).containsExactly(new JobTelemetry.Point(5, 3.3, 3.4));
    }

    @Test
    void aResumedAttemptContinuesTheCurveFromItsCheckpoint() {
        var telemetry = new JobTelemetry();
        for (int step = 5; step <= 25; step += 5) {
            telemetry.progress("p1", new AgentMessage.Progress(JOB, 1, step, 100, 3.0 - step / 100.0, 3.1));
        }
        // Attempt 2 resumed from the checkpoint at step 20: it redoes step 25 and goes on.
        telemetry.progress("p2", new AgentMessage.Progress(JOB, 2, 25, 100, 2.7, 2.8));
        telemetry.progress("p2", new AgentMessage.Progress(JOB, 2, 30, 100, 2.6, 2.7));

        assertThat(telemetry.get(JOB).curve()).extracting(JobTelemetry.Point::step).containsExactly(5, 10, 15, 20, 25, 30);
        assertThat(telemetry.get(JOB).curve().get(4)).isEqualTo(new JobTelemetry.Point(25, 2.7, 2.8));
    }

    @Test
    void theCurveIsBounded() {
        var telemetry = new JobTelemetry();
        for (int step = 1; step <= JobTelemetry.MAX_POINTS + 50; step++) {
            telemetry.progress("p1", new AgentMessage.Progress(JOB, 1, step, 10_000, 1.0, 1.0));
        }

        var snapshot = telemetry.get(JOB);

        assertThat(snapshot.curve()).hasSize(JobTelemetry.MAX_POINTS);
        assertThat(snapshot.step()).isEqualTo(JobTelemetry.MAX_POINTS + 50);
    }

    @Test
    void aResultKeepsTheCurveAndAddsTheOutcome() {
        var telemetry = new JobTelemetry();
        telemetry.progress("p1", new AgentMessage.Progress(JOB, 1, 10, 10, 2.0, 2.1));
        telemetry.result("p1", new AgentMessage.Result(JOB, 1, "cd".repeat(32), 100, 2.0, 2.1, List.of("ada")));

        var snapshot = telemetry.get(JOB);

        assertThat(snapshot.curve()).hasSize(1);
        assertThat(snapshot.outcome()).isEqualTo(new JobTelemetry.Outcome("cd".repeat(32), 100, 2.0, 2.1, List.of("ada")));
    }

    @Test
    void aResultWithoutProgressIsKept() {
        var telemetry = new JobTelemetry();
        telemetry.result("p1", new AgentMessage.Result(JOB, 1, "cd".repeat(32), 100, 2.0, 2.1, List.of()));

        assertThat(telemetry.get(JOB).outcome()).isNotNull();
        assertThat(telemetry.get(JOB).curve()).isEmpty();
        assertThat(telemetry.get("ef".repeat(32))).isNull();
    }
}
