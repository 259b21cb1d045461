package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection and placement against a cgroup tree laid out as files, as the kernel shows it. */
class JobCgroupsTest {

    @TempDir
    Path root;

    private void write(String path, String text) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void withoutAV2HierarchyJobsGetTheirHeapCapOnly() {
        JobCgroups cgroups = JobCgroups.detect(root, "");

        assertThat(cgroups.available()).isFalse();
        assertThat(cgroups.describe()).startsWith("heap only (-Xmx)").contains("no cgroup v2");
        var why = new StringBuilder();
        assertThat(cgroups.place("job.a1", 42, ContainerSpec.builder("job", "job.a1", new ImageSource.Host()).build(), why)).isEmpty();
        assertThat(why).contains("no cgroup v2");
    }

    @Test
    void aCgroupThatDoesNotDelegateTheControllersIsNotUsed() throws Exception {
        write("cgroup.controllers", "cpuset cpu io memory pids\n");
        write("system.slice/agent.service/cgroup.subtree_control", "cpu\n");

        JobCgroups cgroups = JobCgroups.detect(root, "/system.slice/agent.service");

        assertThat(cgroups.available()).isFalse();
        assertThat(cgroups.describe()).contains("does not delegate");
    }

    @Test
    void aDelegatedCgroupGetsOneChildPerJobWithItsLimitsAndProcess() throws Exception {
        write("cgroup.controllers", "cpuset cpu io memory pids\n");
        write("system.slice/agent.service/cgroup.subtree_control", "cpu memory pids\n");
        JobCgroups cgroups = JobCgroups.detect(root, "/system.slice/agent.service");
        assertThat(cgroups.available()).isTrue();
        assertThat(cgroups.describe()).startsWith("cgroup v2");

        var spec = ContainerSpec.builder("job", "job.a1", new ImageSource.Host()).memoryBytes(512L << 20).pidsLimit(300)
                .cpuMillis(1500).build();
        Optional<Path> group = cgroups.place("job.a1", 4242, spec, new StringBuilder());

        Path dir = root.resolve("system.slice/agent.service/gridmint-job.a1");
        assertThat(group).contains(dir);
        assertThat(Files.readString(dir.resolve("memory.max"))).isEqualTo(Long.toString(512L << 20));
        assertThat(Files.readString(dir.resolve("pids.max"))).isEqualTo("300");
        assertThat(Files.readString(dir.resolve("cpu.max"))).isEqualTo("150000 100000");
        assertThat(Files.readString(dir.resolve("cgroup.procs"))).isEqualTo("4242");
    }

    @Test
    void countsOomKillsFromMemoryEvents() throws Exception {
        write("g/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");

        assertThat(JobCgroups.oomKills(Optional.of(root.resolve("g")))).isEqualTo(1);
        assertThat(JobCgroups.oomKills(Optional.empty())).isZero();
    }

    @Test
    void procStatIsReadPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 30 0 123456 1000000 2048 "
                + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

        String[] fields = ProcTable.parse(stat).orElseThrow();
        assertThat(fields[0]).isEqualTo("S");
        assertThat(fields[11]).as("utime").isEqualTo("250");
        assertThat(fields[19]).as("starttime").isEqualTo("123456");
        assertThat(fields[21]).as("rss pages").isEqualTo("2048");
    }
}
