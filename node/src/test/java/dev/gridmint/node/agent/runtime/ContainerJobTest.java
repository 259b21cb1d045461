package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.agent.runtime.SpecError.Code;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerJobTest {

    static final Path ARCHIVES = Path.of("/var/lib/gridmint/archives");

    private static ContainerJob.Parsed parse(String... args) {
        return ContainerJob.parse("job1", "job1.a1", List.of(args), 60, ARCHIVES);
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
    void readsEnvGpusAndAnImageArchive() {
        String sha = "ab".repeat(32);
        var parsed = parse("--image", "localhost/tenant/model:1", "--image-archive", sha, "--env", "MODEL=tiny",
                "--env", "EMPTY=", "--env", "EQUALS=a=b", "--gpus", "2", "--disk-mb", "16");

        ContainerSpec spec = ((ContainerJob.Parsed.Spec) parsed).spec();
        assertThat(spec.image()).isEqualTo(new ImageSource.Archive(ARCHIVES.resolve(sha + ".tar"), sha, "localhost/tenant/model:1"));
        assertThat(spec.env()).isEqualTo(Map.of("MODEL", "tiny", "EMPTY", "", "EQUALS", "a=b"));
        assertThat(spec.secrets()).as("a ledger job carries no secrets").isEmpty();
        assertThat(spec.gpus()).containsExactly(0, 1);
        assertThat(spec.scratchBytes()).isEqualTo(16L << 20);
        assertThat(WorkloadCatalog.problem("container", List.of("--image", "x", "--image-archive", sha, "--env", "A=1", "--gpus", "1")))
                .isEmpty();
    }

    @Test
    void refusesBadEnvGpusAndArchives() {
        assertThat(codeOf(parse("--image", "busybox", "--env", "NOVALUE"))).isEqualTo(Code.BAD_ENV);
        assertThat(codeOf(parse("--image", "busybox", "--env", "=x"))).isEqualTo(Code.BAD_ENV);
        assertThat(codeOf(parse("--image", "busybox", "--env", "A=1", "--env", "A=2"))).isEqualTo(Code.BAD_ENV);
        assertThat(codeOf(parse("--image", "busybox", "--gpus", "-1"))).isEqualTo(Code.BAD_LIMIT);
        assertThat(codeOf(parse("--image", "busybox", "--gpus", "many"))).isEqualTo(Code.BAD_LIMIT);
        assertThat(codeOf(parse("--image", "busybox", "--image-archive", "../../etc/passwd"))).isEqualTo(Code.BAD_IMAGE);
        assertThat(codeOf(parse("--image-archive", "ab".repeat(32)))).isEqualTo(Code.BAD_IMAGE);
        ContainerSpec tooMany = ((ContainerJob.Parsed.Spec) parse("--image", "busybox", "--gpus", "3")).spec();
        assertThat(SpecValidator.validate(tooMany, new Capacity(4000, 1L << 30, 100, 2, 1L << 26, 60, List.of())))
                .isInstanceOf(SpecValidator.Validation.Invalid.class);
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
