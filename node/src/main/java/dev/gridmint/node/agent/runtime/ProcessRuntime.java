package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job as a plain process of the provider's machine, for the agent's own built-in workloads
 * (its child JVMs), which need no image. A process gets what it can without a container: a cgroup
 * v2 with memory, pids and CPU limits where the agent may create one ({@link JobCgroups}; otherwise
 * only the cap the command sets itself, such as the JVM's {@code -Xmx}), a wall-clock limit, cancel
 * by killing its whole process tree, its env and secrets (in its environment only, never on its
 * command line or in a log), CPU and memory metering from {@code /proc}, and cleanup of its directory.
 * It runs as the agent's own user, so the spec's user, network, mounts and GPU pinning are not enforced
 * here: this runtime is for the agent's trusted programs, never for a tenant's command.
 *
 * <p>It survives the agent like a container does: the job's output goes to files in its directory,
 * not to pipes that die with the agent, and the directory keeps a record of the job (its labels, its
 * pid and the pid's start time, which tells the job's process from a later one that reused the pid).
 * A small shell wrapper waits for the agent's go (given once the process is in its cgroup), runs the
 * command, and writes its exit code beside the output, so a restarted agent can adopt a live job,
 * read its output again from the first line, and learn how one that ended while it was down ended.
 */
public final class ProcessRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    static final String RECORD = "job.properties";
    static final String STDOUT = "stdout.log";
    static final String STDERR = "stderr.log";
    static final String EXIT = "exit.code";
    /**
     * $0 is the exit-code file. The wrapper waits for one line on stdin (the agent's go) and gives up if
     * the agent dies first; the command itself reads nothing from the agent.
     */
    private static final String WRAPPER = "IFS= read -r go || exit 125; \"$@\" </dev/null; code=$?; "
            + "echo $code > \"$0.tmp\" && mv \"$0.tmp\" \"$0\"; exit $code";

    private final String owner;
    private final Path workDir;
    private final JobCgroups cgroups;
    private final ProcTable proc;
    private final LongSupplier clockMillis;
    private final Duration sampleEvery;

    public ProcessRuntime(String owner, Path workDir, JobCgroups cgroups) {
        this(owner, workDir, cgroups, ProcTable.host(), System::currentTimeMillis, Duration.ofSeconds(1));
    }

    ProcessRuntime(String owner, Path workDir, JobCgroups cgroups, ProcTable proc, LongSupplier clockMillis, Duration sampleEvery) {
        this.owner = owner;
        this.workDir = workDir;
        this.cgroups = cgroups;
        this.proc = proc;
        this.clockMillis = clockMillis;
        this.sampleEvery = sampleEvery;
    }

    @Override
    public String name() {
        return "process";
    }

    /** How this runtime limits a job's memory, pids and CPU on this machine. */
    public String isolation() {
        return cgroups.describe();
    }

    @Override
    public JobHandle start(ValidatedSpec validated, LogSink logs) {
        ContainerSpec spec = validated.spec();
        if (!(spec.image() instanceof ImageSource.Host)) {
            return ProcessJob.ended(spec.jobId(), new JobStatus.ImageUnavailable(spec.image().reference(),
                    "the process runtime runs programs of this machine, not images"));
        }
        Path jobDir = workDir.resolve(spec.leaseId());
        Process process;
        try {
            removeDirectory(jobDir);
            Files.createDirectories(jobDir);
            List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", WRAPPER, jobDir.resolve(EXIT).toString()));
            command.addAll(spec.command());
            var builder = new ProcessBuilder(command)
                    .redirectOutput(jobDir.resolve(STDOUT).toFile())
                    .redirectError(jobDir.resolve(STDERR).toFile());
            environment(builder.environment(), spec, jobDir);
            process = builder.start();
        } catch (IOException | UncheckedIOException e) {
            return ProcessJob.ended(spec.jobId(), new JobStatus.StartFailed(e.getMessage()));
        }
        long startTicks = proc.startTicks(process.pid()).orElse(0);
        long startedAt = process.info().startInstant().map(i -> i.toEpochMilli()).orElse(clockMillis.getAsLong());
        StringBuilder refusal = new StringBuilder();
        Optional<Path> group = cgroups.place(spec.leaseId(), process.pid(), spec, refusal);
        var record = new JobRecord(owner, spec.jobId(), spec.leaseId(), process.pid(), startTicks, startedAt,
                spec.memoryBytes(), group.map(Path::toString).orElse(""));
        try {
            record.write(jobDir);
            go(process);
        } catch (IOException e) {
            killTree(process.pid(), startTicks);
            JobCgroups.remove(group);
            return ProcessJob.ended(spec.jobId(), new JobStatus.StartFailed("cannot record the job: " + e.getMessage()));
        }
        if (group.isEmpty()) {
            LOG.info("job {} runs without a cgroup: {}", spec.jobId(), refusal);
        }
        return ProcessJob.attach(this, record, jobDir, spec.wallClockSeconds(), logs);
    }

    /** A clean environment: no variable of the agent's leaks into the job, only a path, a locale and the job's own. */
    private static void environment(Map<String, String> env, ContainerSpec spec, Path jobDir) {
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        String lang = env.get("LANG");
        env.clear();
        env.put("PATH", path);
        env.put("HOME", jobDir.toString());
        if (lang != null) {
            env.put("LANG", lang);
        }
        env.putAll(spec.env());
        env.putAll(spec.secrets());
    }

    private static void go(Process process) throws IOException {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write('\n');
        }
    }

    @Override
    public List<RunningContainer> listJobs() {
        if (!Files.isDirectory(workDir)) {
            return List.of();
        }
        List<RunningContainer> jobs = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(workDir)) {
            for (Path dir : dirs.sorted().toList()) {
                JobRecord.read(dir).filter(r -> r.owner().equals(owner)).ifPresent(r ->
                        jobs.add(new RunningContainer(dir.getFileName().toString(), r.jobId(), r.leaseId(), alive(r))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + workDir, e);
        }
        return jobs;
    }

    @Override
    public JobHandle adopt(RunningContainer container, LogSink logs, long remainingSeconds) {
        Path jobDir = workDir.resolve(container.containerId());
        Optional<JobRecord> record = JobRecord.read(jobDir);
        if (record.isEmpty()) {
            return ProcessJob.ended(container.jobId(), new JobStatus.StartFailed("the job's record in " + jobDir + " is gone"));
        }
        return ProcessJob.attach(this, record.get(), jobDir, remainingSeconds, logs);
    }

    @Override
    public void remove(RunningContainer container) {
        Path jobDir = workDir.resolve(container.containerId());
        JobRecord.read(jobDir).ifPresent(record -> {
            if (alive(record)) {
                killTree(record.pid(), record.startTicks());
            }
            JobCgroups.remove(record.cgroup());
        });
        removeDirectory(jobDir);
    }

    /** Whether the record's process still runs: the same pid, started at the same tick. */
    boolean alive(JobRecord record) {
        OptionalLong ticks = proc.startTicks(record.pid());
        return ticks.isPresent() && ticks.getAsLong() == record.startTicks();
    }

    /**
     * SIGKILL to the process and every descendant, found first: once the wrapper is dead its children
     * belong to init and could no longer be found from it.
     */
    void killTree(long pid, long startTicks) {
        OptionalLong ticks = proc.startTicks(pid);
        if (ticks.isEmpty() || ticks.getAsLong() != startTicks) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(root -> {
            List<ProcessHandle> descendants = root.descendants().toList();
            root.destroyForcibly();
            descendants.forEach(ProcessHandle::destroyForcibly);
        });
    }

    ProcTable proc() {
        return proc;
    }

    long nowMillis() {
        return clockMillis.getAsLong();
    }

    Duration sampleEvery() {
        return sampleEvery;
    }

    static void removeDirectory(Path dir) {
        CliRuntime.deleteTree(dir);
    }

    /** What a job's directory records of it, so a restarted agent can find and check its process. */
    record JobRecord(String owner, String jobId, String leaseId, long pid, long startTicks, long startedAtMillis, long memoryBytes,
            String cgroupPath) {

        Optional<Path> cgroup() {
            return cgroupPath.isEmpty() ? Optional.empty() : Optional.of(Path.of(cgroupPath));
        }

        /** Written to a temporary file and moved into place, so a reader never sees half a record. */
        void write(Path jobDir) throws IOException {
            var props = new Properties();
            props.setProperty("owner", owner);
            props.setProperty("job", jobId);
            props.setProperty("lease", leaseId);
            props.setProperty("pid", Long.toString(pid));
            props.setProperty("start_ticks", Long.toString(startTicks));
            props.setProperty("started_at_millis", Long.toString(startedAtMillis));
            props.setProperty("memory_bytes", Long.toString(memoryBytes));
            props.setProperty("cgroup", cgroupPath);
            Path tmp = jobDir.resolve(RECORD + ".tmp");
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                props.store(out, "a gridmint job process");
            }
            Files.move(tmp, jobDir.resolve(RECORD), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        static Optional<JobRecord> read(Path jobDir) {
            Path file = jobDir.resolve(RECORD);
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                var props = new Properties();
                props.load(in);
                return Optional.of(new JobRecord(props.getProperty("owner"), props.getProperty("job"), props.getProperty("lease"),
                        Long.parseLong(props.getProperty("pid")), Long.parseLong(props.getProperty("start_ticks")),
                        Long.parseLong(props.getProperty("started_at_millis")), Long.parseLong(props.getProperty("memory_bytes")),
                        props.getProperty("cgroup", "")));
            } catch (IOException | RuntimeException unreadable) {
                LOG.warn("ignoring the unreadable job record {}: {}", file, unreadable.getMessage());
                return Optional.empty();
            }
        }
    }
}
