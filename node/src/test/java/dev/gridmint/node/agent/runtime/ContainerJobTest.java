package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.agent.runtime.SpecError.Code;
import dev.gridmint.node.protocol.SealedSecrets;
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

    @Test
    void opensTheSecretsSealedToThisProviderAndSkipsOtherCandidatesEnvelopes() {
        var mine = SealedSecrets.generateKey();
        var theirs = SealedSecrets.generateKey();
        var random = new java.security.SecureRandom();
        var me = Keypair.generate(new java.util.Random(1));
        var other = Keypair.generate(new java.util.Random(2));
        String tenant = Keypair.generate(new java.util.Random(3)).address().toString();
        String forMe = SealedSecrets.seal(SealedSecrets.announce(me, "net", mine.getPublic()), "net", tenant, "TOKEN", "hunter2", random);
        String forThem = SealedSecrets.seal(SealedSecrets.announce(other, "net", theirs.getPublic()), "net", tenant, "TOKEN", "other", random);
        java.util.function.Function<String, SealedSecrets.Opened> unseal = arg -> SealedSecrets.open(arg, mine, "net", tenant);

        var parsed = ContainerJob.parse("job1", "job1.a1", List.of("--image", "busybox", "--sealed-secret", forThem,
                "--sealed-secret", forMe), 60, ARCHIVES, unseal);

        assertThat(parsed).isInstanceOfSatisfying(ContainerJob.Parsed.Spec.class,
                spec -> assertThat(spec.spec().secrets()).isEqualTo(Map.of("TOKEN", "hunter2")));
        assertThat(parsed.toString()).doesNotContain("hunter2");
        assertThat(codeOf(ContainerJob.parse("job1", "job1.a1", List.of("--image", "busybox", "--sealed-secret", forThem), 60,
                ARCHIVES, unseal))).as("a secret with no envelope for this provider").isEqualTo(Code.SECRET_NOT_FOR_THIS_PROVIDER);
        String tampered = forMe.substring(0, forMe.length() - 2) + (forMe.endsWith("A") ? "BB" : "AA");
        assertThat(codeOf(ContainerJob.parse("job1", "job1.a1", List.of("--image", "busybox", "--sealed-secret", tampered), 60,
                ARCHIVES, unseal))).isEqualTo(Code.SECRET_TAMPERED);
        assertThat(codeOf(parse("--image", "busybox", "--sealed-secret", forMe))).as("a provider without a sealing key")
                .isEqualTo(Code.SECRET_NOT_FOR_THIS_PROVIDER);
        assertThat(WorkloadCatalog.problem("container", List.of("--image", "busybox", "--sealed-secret", forMe))).isEmpty();
    }

    private static Code codeOf(ContainerJob.Parsed parsed) {
        return parsed instanceof ContainerJob.Parsed.Refused refused ? refused.error().code() : null;
    }
}
