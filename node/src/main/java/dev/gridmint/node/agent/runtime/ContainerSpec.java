package dev.gridmint.node.agent.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a tenant asked a provider to run. Nothing here is trusted: {@link SpecValidator} checks it
 * against the provider's {@link Capacity} before any engine sees it. {@code privileged} and
 * {@code capAdd} are carried only so that a request for them is refused by name rather than
 * silently dropped. {@code scratchBytes}, when positive, makes the root filesystem read-only and
 * gives the job a writable {@link #SCRATCH} of that size: a tmpfs, so a job that writes past it gets
 * "no space left" rather than filling the provider's disk (see {@link JobStatus.DiskFull}).
 */
public record ContainerSpec(
        String jobId,
        String leaseId,
        ImageSource image,
        List<String> command,
        SortedMap<String, String> env,
        SortedMap<String, String> secrets,
        long cpuMillis,
        long memoryBytes,
        long pidsLimit,
        List<Integer> gpus,
        List<Integer> ports,
        String user,
        boolean readOnlyRoot,
        long shmBytes,
        long scratchBytes,
        long wallClockSeconds,
        List<Mount> mounts,
        boolean privileged,
        List<String> capAdd) {

    public static final String JOB_LABEL = "org.gridmint.job";
    public static final String LEASE_LABEL = "org.gridmint.lease";
    /** Where a job with a scratch size writes. */
    public static final String SCRATCH = "/scratch";
    /** The scratch size, kept on the container so that an agent adopting it can still tell a full disk. */
    public static final String SCRATCH_LABEL = "org.gridmint.scratch-bytes";

    public ContainerSpec {
        command = List.copyOf(command);
        env = new TreeMap<>(env);
        secrets = new TreeMap<>(secrets);
        gpus = List.copyOf(gpus);
        ports = List.copyOf(ports);
        mounts = List.copyOf(mounts);
        capAdd = List.copyOf(capAdd);
    }

    /** The labels the engine keeps on the container, by which a restarted agent finds it again. */
    /** The same spec with {@code extra} set in its environment over the tenant's (the agent's own variables: a gang seat). */
    public ContainerSpec withEnv(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        var merged = new TreeMap<>(env);
        merged.putAll(extra);
        return new ContainerSpec(jobId, leaseId, image, command, merged, secrets, cpuMillis, memoryBytes, pidsLimit, gpus, ports,
                user, readOnlyRoot, shmBytes, scratchBytes, wallClockSeconds, mounts, privileged, capAdd);
    }

    public Map<String, String> labels() {
        return Map.of(JOB_LABEL, jobId, LEASE_LABEL, leaseId, SCRATCH_LABEL, Long.toString(scratchBytes));
    }

    /** Secret values never reach a log line, not even through a record's generated text. */
    @Override
    public String toString() {
        return "ContainerSpec[job=" + jobId + ", lease=" + leaseId + ", image=" + image.reference() + ", command=" + command
                + ", env=" + env.keySet() + ", secrets=" + secrets.keySet() + " (values hidden), cpuMillis=" + cpuMillis
                + ", memoryBytes=" + memoryBytes + ", pids=" + pidsLimit + ", gpus=" + gpus + ", ports=" + ports
                + ", user=" + user + ", readOnlyRoot=" + readOnlyRoot + ", shmBytes=" + shmBytes + ", scratchBytes=" + scratchBytes
                + ", wallClockSeconds=" + wallClockSeconds + ", mounts=" + mounts + ", privileged=" + privileged
                + ", capAdd=" + capAdd + "]";
    }

    public static Builder builder(String jobId, String leaseId, ImageSource image) {
        return new Builder(jobId, leaseId, image);
    }

    /** Small, safe defaults: one CPU, 256 MiB, 256 pids, no GPU, no network, user 65534, 64 MiB of shm, one hour. */
    public static final class Builder {
        private final String jobId;
        private final String leaseId;
        private final ImageSource image;
        private List<String> command = List.of();
        private Map<String, String> env = Map.of();
        private Map<String, String> secrets = Map.of();
        private long cpuMillis = 1000;
        private long memoryBytes = 256L << 20;
        private long pidsLimit = 256;
        private List<Integer> gpus = List.of();
        private List<Integer> ports = List.of();
        private String user = "65534:65534";
        private boolean readOnlyRoot;
        private long shmBytes = 64L << 20;
        private long scratchBytes;
        private long wallClockSeconds = 3600;
        private List<Mount> mounts = List.of();
        private boolean privileged;
        private List<String> capAdd = List.of();

        private Builder(String jobId, String leaseId, ImageSource image) {
            this.jobId = jobId;
            this.leaseId = leaseId;
            this.image = image;
        }

        public Builder command(String... command) { this.command = List.of(command); return this; }
        public Builder command(List<String> command) { this.command = command; return this; }
        public Builder env(Map<String, String> env) { this.env = env; return this; }
        public Builder secrets(Map<String, String> secrets) { this.secrets = secrets; return this; }
        public Builder cpuMillis(long cpuMillis) { this.cpuMillis = cpuMillis; return this; }
        public Builder memoryBytes(long memoryBytes) { this.memoryBytes = memoryBytes; return this; }
        public Builder pidsLimit(long pidsLimit) { this.pidsLimit = pidsLimit; return this; }
        public Builder gpus(List<Integer> gpus) { this.gpus = gpus; return this; }
        public Builder ports(List<Integer> ports) { this.ports = ports; return this; }
        public Builder port(int port) {
            List<Integer> more = new ArrayList<>(ports);
            more.add(port);
            this.ports = more;
            return this;
        }
        public Builder user(String user) { this.user = user; return this; }
        public Builder readOnlyRoot(boolean readOnlyRoot) { this.readOnlyRoot = readOnlyRoot; return this; }
        public Builder shmBytes(long shmBytes) { this.shmBytes = shmBytes; return this; }
        public Builder scratchBytes(long scratchBytes) { this.scratchBytes = scratchBytes; return this; }
        public Builder wallClockSeconds(long wallClockSeconds) { this.wallClockSeconds = wallClockSeconds; return this; }
        public Builder mounts(List<Mount> mounts) { this.mounts = mounts; return this; }
        public Builder privileged(boolean privileged) { this.privileged = privileged; return this; }
        public Builder capAdd(List<String> capAdd) { this.capAdd = capAdd; return this; }

        public ContainerSpec build() {
            return new ContainerSpec(jobId, leaseId, image, command, new TreeMap<>(env), new TreeMap<>(secrets), cpuMillis,
                    memoryBytes, pidsLimit, gpus, ports, user, readOnlyRoot, shmBytes, scratchBytes, wallClockSeconds, mounts, privileged,
                    capAdd);
        }
    }
}
