package dev.gridmint.node.agent.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part podman and docker share: both are driven through their CLI, whose run options, labels,
 * logs, wait and inspect templates are the same. Each engine's differences are the abstract methods
 * a subclass states explicitly.
 */
public abstract sealed class CliRuntime implements ContainerRuntime permits PodmanRuntime, DockerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(CliRuntime.class);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    static final String NAME_PREFIX = "gridmint-";

    /** How the runtime reaches its engine and the host; tests shorten the sampling period. */
    /**
     * How the runtime reaches its engine and the host. {@code owner} (the agent's address) labels every
     * container it creates, so that agents sharing one engine never list, adopt or remove each other's jobs.
     */
    public record Settings(String binary, String owner, Path workDir, Duration sampleEvery, Duration pullTimeout,
            LongSupplier clockMillis, CgroupUsage cgroups) {

        public static Settings defaults(String binary, String owner, Path workDir) {
            return new Settings(binary, owner, workDir, Duration.ofSeconds(1), Duration.ofMinutes(10), System::currentTimeMillis,
                    CgroupUsage.host());
        }
    }

    public static final String OWNER_LABEL = "org.gridmint.provider";

    final Settings settings;

    CliRuntime(Settings settings) {
        this.settings = settings;
    }

    // ---- the engines' differences ----

    /** How a job is pinned to its GPUs. */
    abstract List<String> gpuOptions(List<Integer> gpus);

    /** Removes a container at once, killing it if it runs. */
    abstract List<String> removeCommand(String container);

    /**
     * Evidence of an OOM kill beyond the engine's {@code OOMKilled} flag, which some engine
     * versions leave false; {@code jobDir} is the directory the container was started from.
     */
    abstract boolean oomMarker(Path jobDir);

    // ---- the shared path ----

    @Override
    public JobHandle start(ValidatedSpec validated, LogSink logs) {
        ContainerSpec spec = validated.spec();
        Path jobDir = jobDir(spec.jobId());
        try {
            Files.createDirectories(jobDir);
        } catch (IOException e) {
            return CliJob.ended(spec.jobId(), new JobStatus.StartFailed("cannot create " + jobDir + ": " + e.getMessage()));
        }
        Optional<JobStatus> imageProblem = prepareImage(spec.image(), jobDir);
        if (imageProblem.isPresent()) {
            return CliJob.ended(spec.jobId(), imageProblem.get());
        }
        Cli.Result created = createWithSecrets(spec, jobDir);
        if (!created.ok()) {
            return CliJob.ended(spec.jobId(), new JobStatus.StartFailed(created.reason()));
        }
        String id = created.out().strip().lines().reduce((first, last) -> last).orElse("");
        // The engine's monitor process starts here, in jobDir: see oomMarker.
        Cli.Result started = cli(jobDir, "start", id);
        if (!started.ok()) {
            cli(jobDir, removeCommand(id));
            return CliJob.ended(spec.jobId(), new JobStatus.StartFailed(started.reason()));
        }
        LOG.info("started {} for job {} with {}", id.substring(0, Math.min(12, id.length())), spec.jobId(), name());
        return CliJob.attach(this, spec.jobId(), id, jobDir, spec.memoryBytes(), spec.scratchBytes(), spec.gpus(),
                spec.wallClockSeconds(), logs);
    }

    @Override
    public List<RunningContainer> listJobs() {
        Cli.Result ids = cli(settings.workDir(), "ps", "-a", "-q", "--no-trunc", "--filter", "label=" + ContainerSpec.JOB_LABEL,
                "--filter", "label=" + OWNER_LABEL + "=" + settings.owner());
        if (!ids.ok()) {
            throw new IllegalStateException(name() + " cannot list containers: " + ids.reason());
        }
        List<String> idList = ids.out().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (idList.isEmpty()) {
            return List.of();
        }
        List<String> inspect = new ArrayList<>(List.of("inspect", "--format", "{{.Id}}\t{{index .Config.Labels \""
                + ContainerSpec.JOB_LABEL + "\"}}\t{{index .Config.Labels \"" + ContainerSpec.LEASE_LABEL + "\"}}\t{{.State.Running}}"));
        inspect.addAll(idList);
        Cli.Result details = cli(settings.workDir(), inspect);
        return details.out().lines().map(line -> line.split("\t", -1)).filter(f -> f.length == 4)
                .map(f -> new RunningContainer(f[0], f[1], f[2], Boolean.parseBoolean(f[3]))).toList();
    }

    @Override
    public JobHandle adopt(RunningContainer container, LogSink logs, long remainingSeconds) {
        try {
            Files.createDirectories(jobDir(container.jobId()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Cli.Result limits = cli(settings.workDir(), "inspect", "--format", "{{.HostConfig.Memory}} {{index .Config.Labels \""
                + ContainerSpec.SCRATCH_LABEL + "\"}}", container.containerId());
        String[] fields = limits.ok() ? limits.out().strip().split(" ") : new String[0];
        long memory = fields.length > 0 ? parseOrZero(fields[0]) : 0;
        long scratch = fields.length > 1 ? parseOrZero(fields[1]) : 0;
        // GPUs are not re-read from the engine: an adopted job keeps billing the GPUs its lease pays for through the agent.
        return CliJob.attach(this, container.jobId(), container.containerId(), jobDir(container.jobId()), memory, scratch, List.of(),
                Math.max(1, remainingSeconds), logs);
    }

    @Override
    public void remove(RunningContainer container) {
        Cli.Result removed = cli(settings.workDir(), removeCommand(container.containerId()));
        if (!removed.ok()) {
            LOG.warn("could not remove container {}: {}", container.containerId(), removed.reason());
        }
        deleteTree(jobDir(container.jobId()));
    }

    /** The create options; a secret's value appears only in the env file, never here. */
    List<String> createCommand(ContainerSpec spec, Optional<Path> secretsFile) {
        List<String> args = new ArrayList<>(List.of("create", "--pull", "never", "--name", NAME_PREFIX + spec.jobId()));
        spec.labels().forEach((key, value) -> args.addAll(List.of("--label", key + "=" + value)));
        args.addAll(List.of("--label", OWNER_LABEL + "=" + settings.owner()));
        args.addAll(List.of("--cpus", cpus(spec.cpuMillis()),
                "--memory", spec.memoryBytes() + "b", "--memory-swap", spec.memoryBytes() + "b",
                "--pids-limit", Long.toString(spec.pidsLimit()),
                "--shm-size", spec.shmBytes() + "b",
                "--user", spec.user(),
                "--cap-drop", "all", "--security-opt", "no-new-privileges"));
        if (spec.ports().isEmpty()) {
            args.addAll(List.of("--network", "none"));
        }
        spec.ports().forEach(port -> args.addAll(List.of("--publish", "127.0.0.1::" + port)));
        if (spec.readOnlyRoot() || spec.scratchBytes() > 0) {
            args.add("--read-only");
        }
        if (spec.scratchBytes() > 0) {
            args.addAll(List.of("--tmpfs", ContainerSpec.SCRATCH + ":rw,size=" + spec.scratchBytes() + ",mode=1777"));
        }
        args.addAll(gpuOptions(spec.gpus()));
        spec.mounts().forEach(m -> args.addAll(List.of("--volume", m.hostPath() + ":" + m.containerPath() + (m.readOnly() ? ":ro" : ":rw"))));
        spec.env().forEach((key, value) -> args.addAll(List.of("--env", key + "=" + value)));
        secretsFile.ifPresent(file -> args.addAll(List.of("--env-file", file.toString())));
        args.add(spec.image().reference());
        args.addAll(spec.command());
        return args;
    }

    private Cli.Result createWithSecrets(ContainerSpec spec, Path jobDir) {
        Path secrets = jobDir.resolve("secrets.env");
        try {
            Optional<Path> file = Optional.empty();
            if (!spec.secrets().isEmpty()) {
                Files.deleteIfExists(secrets);
                Files.createFile(secrets, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                StringBuilder text = new StringBuilder();
                spec.secrets().forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
                Files.writeString(secrets, text);
                file = Optional.of(secrets);
            }
            return cli(jobDir, createCommand(spec, file));
        } catch (IOException e) {
            return new Cli.Result(-1, "", "cannot write the secrets file: " + e.getMessage());
        } finally {
            // The engine has copied the values into the container's config; the file must not outlive the create.
            try {
                Files.deleteIfExists(secrets);
            } catch (IOException e) {
                LOG.error("could not delete the secrets file {}: {}", secrets, e.getMessage());
            }
        }
    }

    private Optional<JobStatus> prepareImage(ImageSource image, Path jobDir) {
        return switch (image) {
            case ImageSource.Named named -> present(named.reference(), jobDir) ? Optional.empty() : pull(named.reference(), jobDir);
            case ImageSource.Archive archive -> load(archive, jobDir);
            case ImageSource.Host host -> Optional.of(new JobStatus.ImageUnavailable(host.reference(),
                    "a container engine runs images; host programs run in the process runtime"));
        };
    }

    private boolean present(String reference, Path jobDir) {
        return cli(jobDir, "image", "inspect", "--format", "{{.Id}}", reference).ok();
    }

    private Optional<JobStatus> pull(String reference, Path jobDir) {
        Cli.Result pulled = Cli.run(command(List.of("pull", "--quiet", reference)), jobDir, settings.pullTimeout());
        return pulled.ok() ? Optional.empty()
                : Optional.of(new JobStatus.ImageUnavailable(reference, "not on this provider and not pulled: " + pulled.reason()));
    }

    private Optional<JobStatus> load(ImageSource.Archive archive, Path jobDir) {
        String actual;
        try {
            actual = sha256(archive.path());
        } catch (IOException e) {
            return Optional.of(new JobStatus.ImageUnavailable(archive.reference(), "cannot read the archive: " + e.getMessage()));
        }
        if (!actual.equals(archive.sha256())) {
            return Optional.of(new JobStatus.ImageUnavailable(archive.reference(), "the archive's sha256 is " + actual
                    + ", not the " + archive.sha256() + " the job named"));
        }
        Cli.Result loaded = Cli.run(command(List.of("load", "--input", archive.path().toString())), jobDir, settings.pullTimeout());
        if (!loaded.ok()) {
            return Optional.of(new JobStatus.ImageUnavailable(archive.reference(), "the engine could not load it: " + loaded.reason()));
        }
        return present(archive.reference(), jobDir) ? Optional.empty()
                : Optional.of(new JobStatus.ImageUnavailable(archive.reference(), "the archive does not hold this image"));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parseOrZero(String number) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String cpus(long cpuMillis) {
        return cpuMillis / 1000 + "." + String.format("%03d", cpuMillis % 1000);
    }

    Path jobDir(String jobId) {
        return settings.workDir().resolve(jobId);
    }

    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(args.size() + 1);
        command.add(settings.binary());
        command.addAll(args);
        return command;
    }

    Cli.Result cli(Path dir, String... args) {
        return cli(dir, List.of(args));
    }

    Cli.Result cli(Path dir, List<String> args) {
        return Cli.run(command(args), dir, COMMAND_TIMEOUT);
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.getMessage());
        }
    }

    /** The pinned GPUs the driver reports now; none is asked for when the job has no GPU. */
    int gpusInUse(List<Integer> pinned) {
        if (pinned.isEmpty()) {
            return 0;
        }
        Cli.Result smi = Cli.run(GpuUsage.QUERY, settings.workDir(), COMMAND_TIMEOUT);
        return smi.ok() ? GpuUsage.parse(smi.out()).map(readings -> GpuUsage.inUse(readings, pinned)).orElse(0) : 0;
    }
}
