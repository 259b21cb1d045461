package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads a running container's counters from the kernel, through its main process: the cgroup
 * files for CPU time, memory and OOM kills (cgroup v2, or the v1 controllers where the host still
 * mounts them), and the container's own network namespace for egress. Both engines put a container
 * in its own cgroup and namespace, so one reader serves both.
 */
public final class CgroupUsage {

    private final Path proc;
    private final Path cgroupRoot;

    public CgroupUsage(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    public static CgroupUsage host() {
        return new CgroupUsage(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** The counters of the process's container now, or empty once the process is gone. */
    public Optional<UsageSample> sample(long pid, long atMillis, int gpus) {
        try {
            List<String> cgroups = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("cgroup"));
            long egress = egressBytes(Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("net/dev")));
            Optional<String> v1Memory = v1Path(cgroups, "memory");
            if (v1Memory.isPresent()) {
                Path memory = cgroupRoot.resolve("memory").resolve(relative(v1Memory.get()));
                Path cpu = cgroupRoot.resolve("cpuacct").resolve(relative(v1Path(cgroups, "cpuacct").orElseThrow()));
                return Optional.of(new UsageSample(atMillis, readLong(cpu.resolve("cpuacct.usage")),
                        readLong(memory.resolve("memory.usage_in_bytes")), egress, gpus,
                        keyed(memory.resolve("memory.oom_control"), "oom_kill")));
            }
            Path unified = cgroupRoot.resolve(relative(v2Path(cgroups).orElseThrow()));
            return Optional.of(new UsageSample(atMillis, Math.multiplyExact(keyed(unified.resolve("cpu.stat"), "usage_usec"), 1000L),
                    readLong(unified.resolve("memory.current")), egress, gpus, keyed(unified.resolve("memory.events"), "oom_kill")));
        } catch (IOException | RuntimeException gone) {
            // The container exited between two readings: there is nothing left to read.
            return Optional.empty();
        }
    }

    /** Bytes sent by every interface but loopback, from a {@code /proc/<pid>/net/dev} table. */
    static long egressBytes(List<String> netDev) {
        long sum = 0;
        for (String line : netDev) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.substring(0, colon).strip().equals("lo")) {
                continue;
            }
            String[] fields = line.substring(colon + 1).strip().split("\\s+");
            sum = Math.addExact(sum, Long.parseLong(fields[8]));
        }
        return sum;
    }

    private static Optional<String> v1Path(List<String> cgroups, String controller) {
        for (String line : cgroups) {
            String[] parts = line.split(":", 3);
            if (parts.length == 3 && List.of(parts[1].split(",")).contains(controller)) {
                return Optional.of(parts[2]);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> v2Path(List<String> cgroups) {
        return cgroups.stream().filter(line -> line.startsWith("0::")).map(line -> line.substring(3)).findFirst();
    }

    private static String relative(String cgroupPath) {
        return cgroupPath.replaceFirst("^/+", "");
    }

    private static long readLong(Path file) throws IOException {
        return Long.parseLong(Files.readString(file).strip());
    }

    /** The value of {@code key} in a "key value" per line file; 0 when the kernel does not report it. */
    private static long keyed(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return Long.parseLong(parts[1]);
            }
        }
        return 0;
    }
}
