package dev.gridmint.node.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupUsageTest {

    private static final String NET_DEV = """
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:    9000      10    0    0    0     0          0         0     9000      10    0    0    0     0       0          0
              eth0:  123456     100    0    0    0     0          0         0    65432      80    0    0    0     0       0          0
            """;

    @TempDir
    Path root;

    private void write(String path, String text) throws Exception {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void egressCountsEveryInterfaceButLoopback() {
        assertThat(CgroupUsage.egressBytes(NET_DEV.lines().toList())).isEqualTo(65_432);
    }

    @Test
    void readsTheV1ControllersWhereTheHostMountsThem() throws Exception {
        write("proc/42/cgroup", "4:memory:/libpod_parent/libpod-abc\n2:cpu,cpuacct:/libpod_parent/libpod-abc\n0::/libpod_parent/libpod-abc\n");
        write("proc/42/net/dev", NET_DEV);
        write("cg/memory/libpod_parent/libpod-abc/memory.usage_in_bytes", "1048576\n");
        write("cg/memory/libpod_parent/libpod-abc/memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        write("cg/cpuacct/libpod_parent/libpod-abc/cpuacct.usage", "2500000000\n");

        var sample = new CgroupUsage(root.resolve("proc"), root.resolve("cg")).sample(42, 777, 1);

        assertThat(sample).contains(new UsageSample(777, 2_500_000_000L, 1_048_576, 65_432, 1, 1));
    }

    @Test
    void readsCgroupV2() throws Exception {
        write("proc/7/cgroup", "0::/system.slice/docker-abc.scope\n");
        write("proc/7/net/dev", NET_DEV);
        write("cg/system.slice/docker-abc.scope/cpu.stat", "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
        write("cg/system.slice/docker-abc.scope/memory.current", "4096\n");
        write("cg/system.slice/docker-abc.scope/memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n");

        var sample = new CgroupUsage(root.resolve("proc"), root.resolve("cg")).sample(7, 5, 0);

        assertThat(sample).contains(new UsageSample(5, 1_500_000, 4096, 65_432, 0, 0));
    }

    @Test
    void aProcessThatIsGoneGivesNoSample() {
        assertThat(new CgroupUsage(root.resolve("proc"), root.resolve("cg")).sample(99, 0, 0)).isEmpty();
    }
}
