package dev.gridmint.node.agent.runtime;

import dev.gridmint.node.agent.runtime.ProcessRuntime.JobRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** A job of the {@link ProcessRuntime}: its output followers, its usage sampler and how it ended. */
final class ProcessJob implements JobHandle {

    private static final Duration LOG_DRAIN = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofMillis(50);

    private final ProcessRuntime runtime;
    private final String jobId;
    private final JobRecord record;
    private final Path jobDir;
    private final long wallClockSeconds;
    private final long deadlineNanos;
    private final List<UsageSample> samples = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private Thread sampler;
    private volatile boolean cancelled;
    private volatile boolean exited;
    private volatile JobStatus status;
    private volatile long ranMillis;

    private ProcessJob(ProcessRuntime runtime, String jobId, JobRecord record, Path jobDir, long wallClockSeconds) {
        this.runtime = runtime;
        this.jobId = jobId;
        this.record = record;
        this.jobDir = jobDir;
        this.wallClockSeconds = wallClockSeconds;
        this.deadlineNanos = System.nanoTime() + Duration.ofSeconds(Math.max(0, wallClockSeconds)).toNanos();
    }

    /** A job that never started: its status is known already. */
    static ProcessJob ended(String jobId, JobStatus status) {
        var job = new ProcessJob(null, jobId, null, Path.of(""), 0);
        job.exited = true;
        job.status = status;
        return job;
    }

    /** Follows a started or adopted job's output from its first line and samples its usage. */
    static ProcessJob attach(ProcessRuntime runtime, JobRecord record, Path jobDir, long wallClockSeconds, LogSink logs) {
        var job = new ProcessJob(runtime, record.jobId(), record, jobDir, wallClockSeconds);
        job.readers.add(job.follow(jobDir.resolve(ProcessRuntime.STDOUT), LogLine.Stream.STDOUT, logs));
        job.readers.add(job.follow(jobDir.resolve(ProcessRuntime.STDERR), LogLine.Stream.STDERR, logs));
        job.sampler = Thread.ofVirtual().name("sample-" + record.leaseId()).start(job::sample);
        return job;
    }

    @Override
    public String jobId() {
        return jobId;
    }

    @Override
    public Map<Integer, Integer> publishedPorts() {
        return Map.of();
    }

    @Override
    public void cancel() {
        if (exited) {
            return;
        }
        cancelled = true;
        runtime.killTree(record.pid(), record.startTicks());
    }

    @Override
    public synchronized JobStatus await() {
        if (status != null) {
            return status;
        }
        boolean timedOut = !waitForExit();
        if (timedOut) {
            runtime.killTree(record.pid(), record.startTicks());
        }
        long observedEnd = runtime.nowMillis();
        Optional<Integer> exit = exitCode();
        ranMillis = cancelled || timedOut ? 0 : Math.max(0, exitTime().orElse(observedEnd) - record.startedAtMillis());
        boolean oom = JobCgroups.oomKills(record.cgroup()) > 0;
        finish();
        status = cancelled ? new JobStatus.Cancelled()
                : timedOut ? new JobStatus.TimedOut(wallClockSeconds)
                : oom && exit.orElse(137) == 137 ? new JobStatus.OomKilled(record.memoryBytes())
                : exit.orElse(-1) == 0 ? new JobStatus.Succeeded()
                : new JobStatus.Failed(exit.orElse(-1));
        return status;
    }

    /** Waits for the job's process to be gone; false when the wall clock ran out first. */
    private boolean waitForExit() {
        Optional<ProcessHandle> handle = runtime.alive(record) ? ProcessHandle.of(record.pid()) : Optional.empty();
        if (handle.isEmpty()) {
            return true;
        }
        CompletableFuture<ProcessHandle> exit = handle.get().onExit();
        try {
            exit.get(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return cancelled;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The wrapper's record of the command's exit code; empty when the wrapper itself was killed. */
    private Optional<Integer> exitCode() {
        try {
            return Optional.of(Integer.parseInt(Files.readString(jobDir.resolve(ProcessRuntime.EXIT)).strip()));
        } catch (IOException | NumberFormatException none) {
            return Optional.empty();
        }
    }

    /** When the command ended, by the exit-code file's time: right even for a job that ended while no agent watched. */
    private Optional<Long> exitTime() {
        try {
            return Optional.of(Files.getLastModifiedTime(jobDir.resolve(ProcessRuntime.EXIT)).toMillis());
        } catch (IOException none) {
            return Optional.empty();
        }
    }

    @Override
    public List<UsageSample> usage() {
        return List.copyOf(samples);
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
        return record == null ? 0 : Math.max(0, runtime.nowMillis() - record.startedAtMillis());
    }

    /** Lets the followers read every line the job wrote, then removes its cgroup and its directory. */
    private void finish() {
        exited = true;
        sampler.interrupt();
        long drainUntil = System.nanoTime() + LOG_DRAIN.toNanos();
        for (Thread reader : readers) {
            try {
                reader.join(Duration.ofNanos(Math.max(1, drainUntil - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        JobCgroups.remove(record.cgroup());
        ProcessRuntime.removeDirectory(jobDir);
    }

    private Thread follow(Path file, LogLine.Stream stream, LogSink logs) {
        return Thread.ofVirtual().name("follow-" + record.leaseId()).start(() -> {
            try (InputStream in = new Following(file, () -> exited)) {
                BoundedLines.forEach(in, text -> logs.accept(new LogLine(stream, text)));
            } catch (IOException gone) {
                // the directory was removed after the job ended
            }
        });
    }

    private void sample() {
        while (!exited) {
            List<Long> pids = ProcessHandle.of(record.pid())
                    .map(root -> Stream.concat(Stream.of(root), root.descendants()).map(ProcessHandle::pid).toList())
                    .orElse(List.of());
            runtime.proc().sample(pids, runtime.nowMillis(), JobCgroups.oomKills(record.cgroup())).ifPresent(samples::add);
            try {
                Thread.sleep(runtime.sampleEvery());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * A file read as it grows: at its end it waits for more until {@code ended} says the writer is gone,
     * and then reads what is left once more before it ends, so no last line is lost.
     */
    static final class Following extends InputStream {
        private final FileChannel channel;
        private final BooleanSupplier ended;

        Following(Path file, BooleanSupplier ended) throws IOException {
            this.channel = FileChannel.open(file);
            this.ended = ended;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            while (true) {
                boolean last = ended.getAsBoolean();
                int n = channel.read(ByteBuffer.wrap(buffer, offset, length));
                if (n > 0) {
                    return n;
                }
                if (last) {
                    return -1;
                }
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
