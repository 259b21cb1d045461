package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CliJobTest {

    /** A container that never started (a name clash, a missing image) is reported, not a crash: it published nothing. */
    @Test
    void aJobThatNeverStartedHasItsStatusAndNoPorts() {
        CliJob job = CliJob.ended("job1", new JobStatus.StartFailed("name in use"));

        assertThat(job.publishedPorts()).isEmpty();
        assertThat(job.await()).isEqualTo(new JobStatus.StartFailed("name in use"));
        assertThat(job.ranMillis()).isZero();
    }

    @Test
    void readsBothEnginesTimeFormats() {
        Instant expected = Instant.parse("2026-12-03T08:18:54.902234258Z");

        assertThat(CliJob.engineTime("2026-12-03 08:18:54.902234258 +0000 UTC")).isEqualTo(expected);
        assertThat(CliJob.engineTime("2026-12-03T08:18:54.902234258Z")).isEqualTo(expected);
        assertThat(CliJob.engineTime("2026-12-03 09:18:54.902234258 +0100 CET")).isEqualTo(expected);
        assertThat(CliJob.engineTime("2026-12-03 08:18:54 +0000 UTC")).isEqualTo(Instant.parse("2026-12-03T08:18:54Z"));
    }

    @Test
    void cpuLimitsAreWrittenAsDecimalCores() {
        assertThat(CliRuntime.cpus(500)).isEqualTo("0.500");
        assertThat(CliRuntime.cpus(2250)).isEqualTo("2.250");
    }
}
