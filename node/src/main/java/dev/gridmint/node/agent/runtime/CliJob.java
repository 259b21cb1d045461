package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A container job of a {@link CliRuntime}: its log followers, its usage sampler and how it ended. */
final class CliJob implements JobHandle {

    private static final Pattern PUBLISHED = Pattern.compile("(\\d{1,5})/tcp -> 127\\.0\\.0\\.1:(\\d{1,5})");

    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
    /** strerror(ENOSPC) in glibc and musl alike. */
    private static final String NO_SPACE = "No space left on device";

    private final CliRuntime runtime;
    private final String jobId;
    private final String containerId;
    private final Path jobDir;
    private final long memoryBytes;
    private final long scratchBytes;
    private final List<Integer> gpus;
    private final long wallClockSeconds;
    private final long deadlineNanos;
    private final List<UsageSample> samples = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private Process follower;
    private Thread sampler;
    private volatile boolean cancelled;
    private volatile boolean ended;
    /** The job printed ENOSPC's message on stderr: with a scratch limit, the sign it wrote past it. */
    private volatile boolean noSpaceLeft;
    private volatile JobStatus status;
    private volatile long ranMillis;
    /** The engine's start time of the container, epoch millis; 0 where the engine could not say. */
    private volatile long startedAtMillis;

    private CliJob(CliRuntime runtime, String jobId, String containerId, Path jobDir, long memoryBytes, long scratchBytes,
            List<Integer> gpus, long wallClockSeconds) {
        this.runtime = runtime;
        this.jobId = jobId;
        this.containerId = containerId;
        this.jobDir = jobDir;
        this.memoryBytes = memoryBytes;
        this.scratchBytes = scratchBytes;
        this.gpus = List.copyOf(gpus);
        this.wallClockSeconds = wallClockSeconds;
        this.deadlineNanos = System.nanoTime() + Duration.ofSeconds(wallClockSeconds).toNanos();
    }

    /** A job that never started: its status is known already. */
    static CliJob ended(String jobId, JobStatus status) {
        var job = new CliJob(null, jobId, "", Path.of(""), 0, 0, List.of(), 0);
        job.ended = true;
        job.status = status;
        return job;
    }

    /**
     * Follows a started or adopted container's logs from its first line, as the engine keeps them, and
     * samples its usage. An adopted job's lines are read again from the start, so the sink sees the
     * job's whole output either way and its digest (the job's result) does not depend on a restart.
     */
    static CliJob attach(CliRuntime runtime, String jobId, String containerId, Path jobDir, long memoryBytes, long scratchBytes,
            List<Integer> gpus, long wallClockSeconds, LogSink logs) {
        var job = new CliJob(runtime, jobId, containerId, jobDir, memoryBytes, scratchBytes, gpus, wallClockSeconds);
        job.startedAtMillis = job.engineStartMillis();
        job.followLogs(logs);
        job.startSampler();
        return job;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public List<UsageSample> usage() {
        return List.copyOf(samples);
    }

    @Override
    public Map<Integer, Integer> publishedPorts() {
        if (runtime == null) {
            // A job that never started (see ended) has no container to publish anything.
            return Map.of();
        }
        Cli.Result ports = runtime.cli(jobDir, "port", containerId);
        return ports.ok() ? parsePorts(ports.out()) : Map.of();
    }

    /** Reads {@code port}'s lines, e.g. {@code 8080/tcp -> 127.0.0.1:41233}, keeping the TCP ones on loopback. */
    static Map<Integer, Integer> parsePorts(String output) {
        Map<Integer, Integer> ports = new TreeMap<>();
        for (String line : output.lines().toList()) {
            Matcher m = PUBLISHED.matcher(line.strip());
            if (m.matches()) {
                ports.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
        return ports;
    }

    @Override
    public void cancel() {
        if (ended) {
            return;
        }
        cancelled = true;
        runtime.cli(runtime.settings.workDir(), runtime.removeCommand(containerId));
    }

    @Override
    public synchronized JobStatus await() {
        if (status != null) {
            return status;
        }
        long remainingMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        Cli.Result waited = Cli.run(runtime.command(List.of("wait", containerId)), jobDir, Duration.ofMillis(remainingMillis));
        boolean timedOut = !waited.ok() && !cancelled && System.nanoTime() >= deadlineNanos;
        if (timedOut) {
            runtime.cli(jobDir, runtime.removeCommand(containerId));
        }
        int exit = exitCode(waited);
        boolean oom = !cancelled && !timedOut && exit == 137 && oomKilled();
        ranMillis = cancelled || timedOut ? 0 : engineRunMillis();
        finish();
        status = cancelled ? new JobStatus.Cancelled()
                : timedOut ? new JobStatus.TimedOut(wallClockSeconds)
                : oom ? new JobStatus.OomKilled(memoryBytes)
                : exit == 0 ? new JobStatus.Succeeded()
                : scratchBytes > 0 && noSpaceLeft ? new JobStatus.DiskFull(scratchBytes)
                : new JobStatus.Failed(exit);
        return status;
    }

    private static int exitCode(Cli.Result waited) {
        try {
            return waited.ok() ? Integer.parseInt(waited.out().strip().lines().reduce((a, b) -> b).orElse("-1")) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public synchronized long ranMillis() {
        return ranMillis;
    }

    @Override
    public long elapsedMillis() {
        if (status != null) {
            return ranMillis;
        }
        long started = startedAtMillis;
        return started > 0 ? Math.max(0, runtime.settings.clockMillis().getAsLong() - started) : 0;
    }

    private long engineStartMillis() {
        Cli.Result started = runtime.cli(jobDir, "inspect", "--format", "{{.State.StartedAt}}", containerId);
        try {
            return started.ok() ? engineTime(started.out()).toEpochMilli() : 0;
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    /** 0 also where podman stamped a job that exited at once as finishing before it started. */
    private long engineRunMillis() {
        Cli.Result times = runtime.cli(jobDir, "inspect", "--format", "{{.State.StartedAt}}|{{.State.FinishedAt}}", containerId);
        try {
            String[] parts = times.out().strip().split("\\|");
            return Math.max(0, Duration.between(engineTime(parts[0]), engineTime(parts[1])).toMillis());
        } catch (RuntimeException unreadable) {
            return 0;
        }
    }

    private static final Pattern GO_TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d) (\\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?) ([+-]\\d\\d)(\\d\\d).*");

    /** Docker's inspect prints RFC 3339 times; podman's prints Go's default layout, "2026-12-03 08:18:54.902234258 +0000 UTC". */
    static Instant engineTime(String text) {
        Matcher go = GO_TIME.matcher(text.strip());
        if (go.matches()) {
            return OffsetDateTime.parse(go.group(1) + "T" + go.group(2) + go.group(3) + ":" + go.group(4)).toInstant();
        }
        return OffsetDateTime.parse(text.strip()).toInstant();
    }

    /** The engine's flag, or the evidence it can miss: the monitor's OOM marker or the cgroup's own OOM-kill count. */
    private boolean oomKilled() {
        Cli.Result flag = runtime.cli(jobDir, "inspect", "--format", "{{.State.OOMKilled}}", containerId);
        boolean counted = samples.stream().anyMatch(s -> s.oomKills() > 0);
        return flag.ok() && flag.out().strip().equals("true") || runtime.oomMarker(jobDir) || counted;
    }

    /** Lets the log followers deliver every line, then removes the container and the job's scratch directory. */
    private void finish() {
        ended = true;
        sampler.interrupt();
        long drainUntil = System.nanoTime() + LOG_DRAIN.toNanos();
        for (Thread reader : readers) {
            try {
                reader.join(Duration.ofNanos(Math.max(1, drainUntil - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        follower.destroyForcibly();
        runtime.cli(jobDir, runtime.removeCommand(containerId));
        CliRuntime.deleteTree(jobDir);
    }

    private void followLogs(LogSink logs) {
        try {
            follower = new ProcessBuilder(runtime.command(List.of("logs", "--follow", containerId))).directory(jobDir.toFile()).start();
            follower.getOutputStream().close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot follow the logs of " + containerId + ": " + e.getMessage(), e);
        }
        readers.add(read(follower.getInputStream(), text -> logs.accept(new LogLine(LogLine.Stream.STDOUT, text))));
        readers.add(read(follower.getErrorStream(), text -> {
            if (text.contains(NO_SPACE)) {
                noSpaceLeft = true;
            }
            logs.accept(new LogLine(LogLine.Stream.STDERR, text));
        }));
    }

    private static Thread read(InputStream in, Consumer<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try {
                BoundedLines.forEach(in, lines);
            } catch (IOException closed) {
                // the follower was stopped after the job ended
            }
        });
    }

    private void startSampler() {
        Cli.Result pid = runtime.cli(jobDir, "inspect", "--format", "{{.State.Pid}}", containerId);
        long processId = pid.ok() ? Long.parseLong(pid.out().strip()) : 0;
        sampler = Thread.ofVirtual().start(() -> {
            while (!ended && processId > 0) {
                runtime.settings.cgroups().sample(processId, runtime.settings.clockMillis().getAsLong(), runtime.gpusInUse(gpus))
                        .ifPresent(samples::add);
                try {
                    Thread.sleep(runtime.settings.sampleEvery());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }
}
