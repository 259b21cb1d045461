package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.node.agent.runtime.SpecError.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecValidatorTest {

    @TempDir
    Path dir;

    private Capacity capacity() {
        return new Capacity(4000, 8L << 30, 4096, 2, 1L << 30, 86_400, List.of(dir.resolve("shared")));
    }

    private ContainerSpec.Builder spec() {
        return ContainerSpec.builder("job-1", "lease-1", new ImageSource.Named("localhost/gridmint/busybox:latest"))
                .command("echo", "hi");
    }

    private List<Code> codes(UnaryOperator<ContainerSpec.Builder> change) {
        return switch (SpecValidator.validate(change.apply(spec()).build(), capacity())) {
            case SpecValidator.Validation.Valid valid -> List.of();
            case SpecValidator.Validation.Invalid invalid -> invalid.errors().stream().map(SpecError::code).toList();
        };
    }

    @Test
    void aGangMembersSeatIsSetInTheContainersEnvironmentOverTheTenants() {
        ContainerSpec tenant = spec().env(java.util.Map.of("A", "1", "GRIDMINT_GANG_INDEX", "7")).build();
        ContainerSpec seat = tenant.withEnv(java.util.Map.of("GRIDMINT_GANG_INDEX", "1", "GRIDMINT_GANG_SIZE", "3"));
        assertThat(seat.env()).containsExactly(java.util.Map.entry("A", "1"), java.util.Map.entry("GRIDMINT_GANG_INDEX", "1"),
                java.util.Map.entry("GRIDMINT_GANG_SIZE", "3"));
        assertThat(tenant.withEnv(java.util.Map.of())).isSameAs(tenant);
        assertThat(SpecValidator.validate(seat, capacity())).isInstanceOf(SpecValidator.Validation.Valid.class);
    }

    @Test
    void theDefaultsAreValid() {
        assertThat(SpecValidator.validate(spec().build(), capacity())).isInstanceOf(SpecValidator.Validation.Valid.class);
    }

    @Test
    void aHostMountOutsideTheSharedDirectoriesIsRefused() {
        assertThat(codes(s -> s.mounts(List.of(new Mount(Path.of("/etc"), "/data", true))))).containsExactly(Code.MOUNT_FORBIDDEN);
        assertThat(codes(s -> s.mounts(List.of(new Mount(dir.resolve("shared/../../etc"), "/data", true)))))
                .containsExactly(Code.MOUNT_FORBIDDEN);
        assertThat(codes(s -> s.mounts(List.of(new Mount(dir.resolve("shared/models"), "/models", true))))).isEmpty();
        assertThat(codes(s -> s.mounts(List.of(new Mount(dir.resolve("shared/m"), "/a/../etc", true)))))
                .containsExactly(Code.MOUNT_FORBIDDEN);
    }

    @Test
    void aSymlinkOutOfASharedDirectoryIsJudgedByWhereItPoints() throws Exception {
        Files.createDirectories(dir.resolve("shared"));
        Files.createSymbolicLink(dir.resolve("shared/escape"), Path.of("/etc"));

        assertThat(codes(s -> s.mounts(List.of(new Mount(dir.resolve("shared/escape"), "/data", true)))))
                .containsExactly(Code.MOUNT_FORBIDDEN);
    }

    @Test
    void privilegedModeAndAddedCapabilitiesAreRefused() {
        assertThat(codes(s -> s.privileged(true))).containsExactly(Code.PRIVILEGED_FORBIDDEN);
        assertThat(codes(s -> s.capAdd(List.of("SYS_ADMIN")))).containsExactly(Code.CAPABILITY_FORBIDDEN);
    }

    @Test
    void requestsLargerThanTheMachineAreRefused() {
        assertThat(codes(s -> s.cpuMillis(4001))).containsExactly(Code.EXCEEDS_CAPACITY);
        assertThat(codes(s -> s.memoryBytes(9L << 30))).containsExactly(Code.EXCEEDS_CAPACITY);
        assertThat(codes(s -> s.pidsLimit(100_000))).containsExactly(Code.EXCEEDS_CAPACITY);
        assertThat(codes(s -> s.gpus(List.of(0, 1, 2)))).containsExactly(Code.EXCEEDS_CAPACITY);
        assertThat(codes(s -> s.wallClockSeconds(86_401))).containsExactly(Code.EXCEEDS_CAPACITY);
    }

    @Test
    void limitsBelowTheirMinimumAreBadLimits() {
        assertThat(codes(s -> s.cpuMillis(0))).containsExactly(Code.BAD_LIMIT);
        assertThat(codes(s -> s.memoryBytes(1 << 20))).contains(Code.BAD_LIMIT);
        assertThat(codes(s -> s.wallClockSeconds(0))).containsExactly(Code.BAD_LIMIT);
    }

    @Test
    void aScratchDiskIsMemoryBackedSoItFitsInTheMemoryLimit() {
        assertThat(codes(s -> s.memoryBytes(256L << 20).scratchBytes(128L << 20))).isEmpty();
        assertThat(codes(s -> s.memoryBytes(256L << 20).scratchBytes(512L << 20))).containsExactly(Code.EXCEEDS_CAPACITY);
        assertThat(codes(s -> s.scratchBytes(-1))).containsExactly(Code.BAD_LIMIT);
    }

    @Test
    void gpuIndicesMustBeDistinctAndOnTheMachine() {
        assertThat(codes(s -> s.gpus(List.of(1)))).isEmpty();
        assertThat(codes(s -> s.gpus(List.of(1, 1)))).containsExactly(Code.BAD_GPU);
        assertThat(codes(s -> s.gpus(List.of(5)))).containsExactly(Code.BAD_GPU);
    }

    @Test
    void jobsNeverRunAsRoot() {
        assertThat(codes(s -> s.user("root"))).containsExactly(Code.ROOT_USER);
        assertThat(codes(s -> s.user("0:0"))).containsExactly(Code.ROOT_USER);
        assertThat(codes(s -> s.user("000"))).containsExactly(Code.ROOT_USER);
        assertThat(codes(s -> s.user(""))).containsExactly(Code.ROOT_USER);
        assertThat(codes(s -> s.user("1000:0"))).isEmpty();
    }

    @Test
    void anEnvValueCannotForgeAnotherLineAndASecretIsNeverEchoed() {
        assertThat(codes(s -> s.env(Map.of("A", "x\nB=y")))).containsExactly(Code.BAD_ENV);
        assertThat(codes(s -> s.env(Map.of("1A", "x")))).containsExactly(Code.BAD_ENV);
        var invalid = (SpecValidator.Validation.Invalid) SpecValidator.validate(
                spec().secrets(Map.of("TOKEN", "hunter2\nX=1")).build(), capacity());
        assertThat(invalid.errors()).extracting(SpecError::code).containsExactly(Code.BAD_SECRET);
        assertThat(invalid.errors().toString()).doesNotContain("hunter2");
        assertThat(codes(s -> s.env(Map.of("T", "a")).secrets(Map.of("T", "b")))).containsExactly(Code.BAD_SECRET);
    }

    @Test
    void imagesAndArchivesAreCheckedStrictly() {
        assertThat(codes(s -> ContainerSpec.builder("j", "l", new ImageSource.Named("--privileged")))).containsExactly(Code.BAD_IMAGE);
        assertThat(codes(s -> ContainerSpec.builder("j", "l", new ImageSource.Named("Busybox")))).containsExactly(Code.BAD_IMAGE);
        assertThat(codes(s -> ContainerSpec.builder("j", "l",
                new ImageSource.Archive(Path.of("rel.tar"), "abc", "localhost/x:1")))).containsExactly(Code.BAD_IMAGE, Code.BAD_IMAGE);
    }

    @Test
    void idsPortsAndCommandsHaveLimits() {
        assertThat(codes(s -> ContainerSpec.builder("../x", "lease 1", new ImageSource.Named("busybox"))))
                .containsExactly(Code.BAD_JOB_ID, Code.BAD_LABEL);
        assertThat(codes(s -> s.ports(List.of(0)))).containsExactly(Code.BAD_PORT);
        assertThat(codes(s -> s.ports(List.of(80, 80)))).containsExactly(Code.BAD_PORT);
        assertThat(codes(s -> s.command("a\0b"))).containsExactly(Code.BAD_COMMAND);
        assertThat(codes(s -> s.command(java.util.Collections.nCopies(65, "x")))).containsExactly(Code.BAD_COMMAND);
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(codes(s -> s.privileged(true).user("root").cpuMillis(99_999)))
                .containsExactlyInAnyOrder(Code.PRIVILEGED_FORBIDDEN, Code.ROOT_USER, Code.EXCEEDS_CAPACITY);
    }
}
