package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.agent.runtime.SpecError.Code;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerJobTest {

    private static ContainerJob.Parsed parse(String... args) {
        return ContainerJob.parse("job1", "job1.a1", List.of(args), 60);
    }

    @Test
    void readsTheImageCommandAndLimits() {
        var parsed = parse("--image", "localhost/gridmint/busybox:latest", "--command", "[\"sh\",\"-c\",\"echo 'a b'\"]",
                "--memory-mb", "64", "--cpu-millis", "500", "--pids", "32", "--shm-mb", "8", "--user", "1000", "--read-only", "true");

        ContainerSpec spec = ((ContainerJob.Parsed.Spec) parsed).spec();
        assertThat(spec.image()).isEqualTo(new ImageSource.Named("localhost/gridmint/busybox:latest"));
        assertThat(spec.command()).containsExactly("sh", "-c", "echo 'a b'");
        assertThat(spec.memoryBytes()).isEqualTo(64L << 20);
        assertThat(spec.cpuMillis()).isEqualTo(500);
        assertThat(spec.pidsLimit()).isEqualTo(32);
        assertThat(spec.shmBytes()).isEqualTo(8L << 20);
        assertThat(spec.user()).isEqualTo("1000");
        assertThat(spec.readOnlyRoot()).isTrue();
        assertThat(spec.wallClockSeconds()).isEqualTo(60);
        assertThat(spec.labels()).containsEntry(ContainerSpec.JOB_LABEL, "job1").containsEntry(ContainerSpec.LEASE_LABEL, "job1.a1");
        assertThat(spec.ports()).isEmpty();
    }

    @Test
    void refusesWhatIsNotAContainerJob() {
        assertThat(codeOf(parse("--command", "[\"true\"]"))).isEqualTo(Code.BAD_IMAGE);
        assertThat(codeOf(parse("--image", "busybox", "--command", "echo hi"))).isEqualTo(Code.BAD_COMMAND);
        assertThat(codeOf(parse("--image", "busybox", "--memory-mb", "lots"))).isEqualTo(Code.BAD_LIMIT);
        assertThat(codeOf(parse("--image", "busybox", "--read-only", "yes"))).isEqualTo(Code.BAD_LIMIT);
        assertThat(codeOf(parse("--image", "busybox", "--privileged", "true"))).isEqualTo(Code.BAD_COMMAND);
        assertThat(codeOf(parse("--image"))).isEqualTo(Code.BAD_COMMAND);
    }

    @Test
    void theCoordinatorAcceptsContainerOptionsButTheChildJvmPathRefusesContainerJobs() {
        assertThat(WorkloadCatalog.problem("container", List.of("--image", "busybox", "--memory-mb", "64"))).isEmpty();
        assertThat(WorkloadCatalog.problem("container", List.of("--privileged", "true"))).isPresent();
        assertThat(WorkloadCatalog.builtIn("container")).isFalse();
        assertThat(WorkloadCatalog.builtIn("train-names")).isTrue();
    }

    @Test
    void theLogDigestHashesStdoutAndKeepsTheLastLines() {
        var digest = new LogDigest(2);
        var sameStdout = new LogDigest(2);
        digest.accept(new LogLine(LogLine.Stream.STDOUT, "one"));
        digest.accept(new LogLine(LogLine.Stream.STDERR, "warning"));
        digest.accept(new LogLine(LogLine.Stream.STDOUT, "two"));
        sameStdout.accept(new LogLine(LogLine.Stream.STDOUT, "one"));
        sameStdout.accept(new LogLine(LogLine.Stream.STDOUT, "two"));

        assertThat(digest.tail()).containsExactly("warning", "two");
        assertThat(digest.sha256()).isEqualTo(sameStdout.sha256()).hasSize(64);
        assertThat(digest.bytes()).isEqualTo("one\nwarning\ntwo\n".length());
    }

    private static Code codeOf(ContainerJob.Parsed parsed) {
        return parsed instanceof ContainerJob.Parsed.Refused refused ? refused.error().code() : null;
    }
}
