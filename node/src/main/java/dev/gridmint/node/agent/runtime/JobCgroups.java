package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * Per-job cgroup v2 limits for the {@link ProcessRuntime}, where the agent may create cgroups: a
 * systemd unit with {@code Delegate=yes}, or a root agent on a v2 host. Each job gets its own cgroup
 * under {@code base} with {@code memory.max} (swap off), {@code pids.max} and {@code cpu.max}.
 * Where that is impossible (cgroup v1, no write access, controllers not delegated) the runtime says
 * so once ({@link #describe}) and jobs run with only the caps a process can set itself (the JVM's heap).
 */
public final class JobCgroups {

    private static final Set<String> NEEDED = Set.of("memory", "pids", "cpu");
    /** The CFS period {@code cpu.max} is written with, in microseconds. */
    private static final long CPU_PERIOD_MICROS = 100_000;

    private final Optional<Path> base;
    private final String why;

    private JobCgroups(Optional<Path> base, String why) {
        this.base = base;
        this.why = why;
    }

    /** The host's cgroups, with jobs placed beside the agent in the cgroup it runs in. */
    public static JobCgroups host() {
        Path root = Path.of("/sys/fs/cgroup");
        try {
            Optional<String> own = Files.readAllLines(Path.of("/proc/self/cgroup")).stream()
                    .filter(line -> line.startsWith("0::")).map(line -> line.substring(3)).findFirst();
            return detect(root, own.orElse(""));
        } catch (IOException e) {
            return new JobCgroups(Optional.empty(), "heap only: /proc/self/cgroup is unreadable");
        }
    }

    /**
     * Whether jobs can get cgroups under {@code ownCgroup} (a path like {@code /system.slice/x.service},
     * empty on a v1-only host) of the v2 hierarchy mounted at {@code root}.
     */
    public static JobCgroups detect(Path root, String ownCgroup) {
        if (!Files.isRegularFile(root.resolve("cgroup.controllers")) || ownCgroup.isEmpty()) {
            return unavailable("no cgroup v2 hierarchy");
        }
        Path base = root.resolve(ownCgroup.replaceFirst("^/+", ""));
        try {
            Set<String> enabled = Set.of(Files.readString(base.resolve("cgroup.subtree_control")).strip().split("\\s+"));
            if (!enabled.containsAll(NEEDED)) {
                return unavailable("the agent's cgroup " + ownCgroup + " does not delegate " + NEEDED + " (it has " + enabled + ")");
            }
        } catch (IOException e) {
            return unavailable("the agent's cgroup " + ownCgroup + " is unreadable");
        }
        if (!Files.isWritable(base)) {
            return unavailable("the agent may not create cgroups under " + ownCgroup);
        }
        return new JobCgroups(Optional.of(base), "cgroup v2 under " + base + " (memory.max, pids.max, cpu.max)");
    }

    private static JobCgroups unavailable(String why) {
        return new JobCgroups(Optional.empty(), "heap only (-Xmx): " + why);
    }

    /** How jobs are limited here, for the agent's log and the job's. */
    public String describe() {
        return why;
    }

    public boolean available() {
        return base.isPresent();
    }

    /**
     * Creates the job's cgroup with its limits and moves {@code pid} into it, before that process
     * starts the job's program (so every child it forks is inside). Empty, with the reason in
     * {@code refusal}, where the kernel refuses; the job then runs with its heap cap only.
     */
    public Optional<Path> place(String name, long pid, ContainerSpec spec, StringBuilder refusal) {
        if (base.isEmpty()) {
            refusal.append(why);
            return Optional.empty();
        }
        Path group = base.get().resolve("gridmint-" + name);
        try {
            Files.createDirectories(group);
            Files.writeString(group.resolve("memory.max"), Long.toString(spec.memoryBytes()));
            writeIfPresent(group.resolve("memory.swap.max"), "0");
            Files.writeString(group.resolve("pids.max"), Long.toString(spec.pidsLimit()));
            Files.writeString(group.resolve("cpu.max"), cpuMax(spec.cpuMillis()));
            Files.writeString(group.resolve("cgroup.procs"), Long.toString(pid));
            return Optional.of(group);
        } catch (IOException e) {
            refusal.append("the kernel refused the job's cgroup: ").append(e.getMessage());
            remove(Optional.of(group));
            return Optional.empty();
        }
    }

    /** {@code cpu.max}'s "quota period": thousandths of a core as a share of each 100 ms period. */
    static String cpuMax(long cpuMillis) {
        return Math.multiplyExact(cpuMillis, CPU_PERIOD_MICROS) / 1000 + " " + CPU_PERIOD_MICROS;
    }

    /** The job's OOM kills so far; 0 without a cgroup. */
    static long oomKills(Optional<Path> group) {
        if (group.isEmpty()) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(group.get().resolve("memory.events"))) {
                String[] parts = line.strip().split("\\s+");
                if (parts.length == 2 && parts[0].equals("oom_kill")) {
                    return Long.parseLong(parts[1]);
                }
            }
        } catch (IOException | NumberFormatException unreadable) {
            // no counter: no OOM evidence
        }
        return 0;
    }

    /** Kills everything left in the cgroup (where the kernel has {@code cgroup.kill}) and removes it. */
    static void remove(Optional<Path> group) {
        group.ifPresent(dir -> {
            try {
                writeIfPresent(dir.resolve("cgroup.kill"), "1");
                // A cgroup directory is removed with rmdir: its files are the kernel's, not deletable one by one.
                Files.deleteIfExists(dir);
            } catch (IOException stillBusy) {
                // its last process is still exiting; an empty cgroup costs nothing
            }
        });
    }

    private static void writeIfPresent(Path file, String value) throws IOException {
        if (Files.exists(file)) {
            Files.writeString(file, value);
        }
    }
}
