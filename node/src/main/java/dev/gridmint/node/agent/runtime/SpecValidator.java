package dev.gridmint.node.agent.runtime;

import dev.gridmint.node.agent.runtime.SpecError.Code;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks a tenant's {@link ContainerSpec} against the provider's {@link Capacity} before anything
 * starts. It reports every problem at once, so a tenant fixes a spec in one round trip.
 */
public final class SpecValidator {

    static final long MIN_MEMORY_BYTES = 8L << 20;
    static final int MAX_ARGS = 64;
    static final int MAX_ARG_CHARS = 4096;
    static final int MAX_ENV = 64;
    static final int MAX_SECRETS = 16;
    static final int MAX_VALUE_CHARS = 8192;
    static final int MAX_PORTS = 16;
    static final int MAX_MOUNTS = 8;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._/-]{0,200}(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern USER = Pattern.compile("([a-z_][a-z0-9_-]{0,31}|[0-9]{1,10})(:([a-z_][a-z0-9_-]{0,31}|[0-9]{1,10}))?");

    private SpecValidator() {}

    /** The outcome: a spec a runtime may start, or every reason it may not. */
    public sealed interface Validation {
        record Valid(ValidatedSpec spec) implements Validation {}

        record Invalid(List<SpecError> errors) implements Validation {
            public Invalid {
                errors = List.copyOf(errors);
            }
        }
    }

    public static Validation validate(ContainerSpec spec, Capacity capacity) {
        List<SpecError> errors = new ArrayList<>();
        Consumer<SpecError> report = errors::add;
        checkIds(spec, report);
        checkImage(spec.image(), report);
        checkCommand(spec.command(), report);
        checkVariables("env", spec.env(), MAX_ENV, Code.BAD_ENV, report);
        checkVariables("secret", spec.secrets(), MAX_SECRETS, Code.BAD_SECRET, report);
        spec.secrets().keySet().stream().filter(spec.env()::containsKey).forEach(key ->
                report.accept(new SpecError(Code.BAD_SECRET, "'" + key + "' is both an env var and a secret")));
        checkLimits(spec, capacity, report);
        checkGpus(spec.gpus(), capacity, report);
        checkPorts(spec.ports(), report);
        checkUser(spec.user(), report);
        checkMounts(spec.mounts(), capacity.allowedMountRoots(), report);
        if (spec.privileged()) {
            report.accept(new SpecError(Code.PRIVILEGED_FORBIDDEN, "privileged containers are never run"));
        }
        if (!spec.capAdd().isEmpty()) {
            report.accept(new SpecError(Code.CAPABILITY_FORBIDDEN, "jobs run with every capability dropped; cannot add "
                    + spec.capAdd()));
        }
        return errors.isEmpty() ? new Validation.Valid(new ValidatedSpec(spec)) : new Validation.Invalid(errors);
    }

    private static void checkIds(ContainerSpec spec, Consumer<SpecError> report) {
        if (spec.jobId() == null || !ID.matcher(spec.jobId()).matches()) {
            report.accept(new SpecError(Code.BAD_JOB_ID, "the job id must match " + ID.pattern()));
        }
        if (spec.leaseId() == null || !ID.matcher(spec.leaseId()).matches()) {
            report.accept(new SpecError(Code.BAD_LABEL, "the lease id must match " + ID.pattern()));
        }
    }

    private static void checkImage(ImageSource image, Consumer<SpecError> report) {
        if (image == null || image.reference() == null || !IMAGE.matcher(image.reference()).matches()) {
            report.accept(new SpecError(Code.BAD_IMAGE, "the image must be a lower-case reference such as "
                    + "'registry.example/team/model:1.2'"));
            return;
        }
        if (image instanceof ImageSource.Archive archive) {
            if (archive.path() == null || !archive.path().isAbsolute()) {
                report.accept(new SpecError(Code.BAD_IMAGE, "an image archive needs an absolute path"));
            }
            if (archive.sha256() == null || !SHA256.matcher(archive.sha256()).matches()) {
                report.accept(new SpecError(Code.BAD_IMAGE, "an image archive needs its sha256 as 64 lower-case hex digits"));
            }
        }
    }

    private static void checkCommand(List<String> command, Consumer<SpecError> report) {
        if (command.size() > MAX_ARGS) {
            report.accept(new SpecError(Code.BAD_COMMAND, "the command has " + command.size() + " arguments; at most " + MAX_ARGS));
        }
        if (command.stream().anyMatch(arg -> arg == null || arg.length() > MAX_ARG_CHARS || arg.indexOf('\0') >= 0)) {
            report.accept(new SpecError(Code.BAD_COMMAND, "each argument is at most " + MAX_ARG_CHARS
                    + " characters, without NUL"));
        }
    }

    /** Values go through an env file, one per line, so a line break or NUL in one would forge another. */
    private static void checkVariables(String what, Map<String, String> vars, int max, Code code, Consumer<SpecError> report) {
        if (vars.size() > max) {
            report.accept(new SpecError(code, "at most " + max + " " + what + " variables, got " + vars.size()));
        }
        vars.forEach((key, value) -> {
            if (!ENV_KEY.matcher(key).matches()) {
                report.accept(new SpecError(code, what + " name '" + key + "' must match " + ENV_KEY.pattern()));
            } else if (value == null || value.length() > MAX_VALUE_CHARS || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
                // The value itself is not echoed: it may be a secret.
                report.accept(new SpecError(code, what + " '" + key + "' must be at most " + MAX_VALUE_CHARS
                        + " characters on one line"));
            }
        });
    }

    private static void checkLimits(ContainerSpec spec, Capacity capacity, Consumer<SpecError> report) {
        limit("cpuMillis", spec.cpuMillis(), 1, capacity.cpuMillis(), report);
        limit("memoryBytes", spec.memoryBytes(), MIN_MEMORY_BYTES, capacity.memoryBytes(), report);
        limit("pidsLimit", spec.pidsLimit(), 1, capacity.pidsMax(), report);
        limit("shmBytes", spec.shmBytes(), 1, Math.min(capacity.shmBytesMax(), spec.memoryBytes()), report);
        limit("wallClockSeconds", spec.wallClockSeconds(), 1, capacity.wallClockSecondsMax(), report);
        // A tmpfs is charged to the job's memory cgroup: a scratch larger than the memory limit would end in an OOM kill, not a full disk.
        limit("scratchBytes", spec.scratchBytes(), 0, spec.memoryBytes(), report);
    }

    private static void limit(String name, long value, long min, long max, Consumer<SpecError> report) {
        if (value < min) {
            report.accept(new SpecError(Code.BAD_LIMIT, name + " must be at least " + min + ", got " + value));
        } else if (value > max) {
            report.accept(new SpecError(Code.EXCEEDS_CAPACITY, name + " " + value + " is more than this provider offers ("
                    + max + ")"));
        }
    }

    private static void checkGpus(List<Integer> gpus, Capacity capacity, Consumer<SpecError> report) {
        if (gpus.size() > capacity.gpuCount()) {
            report.accept(new SpecError(Code.EXCEEDS_CAPACITY, gpus.size() + " GPUs asked, this provider has "
                    + capacity.gpuCount()));
        } else if (gpus.stream().anyMatch(i -> i == null || i < 0 || i >= capacity.gpuCount())
                || new HashSet<>(gpus).size() != gpus.size()) {
            report.accept(new SpecError(Code.BAD_GPU, "GPU indices must be distinct and below " + capacity.gpuCount()));
        }
    }

    private static void checkPorts(List<Integer> ports, Consumer<SpecError> report) {
        if (ports.size() > MAX_PORTS || ports.stream().anyMatch(p -> p == null || p < 1 || p > 65_535)
                || new HashSet<>(ports).size() != ports.size()) {
            report.accept(new SpecError(Code.BAD_PORT, "at most " + MAX_PORTS + " distinct ports, each 1 to 65535"));
        }
    }

    private static void checkUser(String user, Consumer<SpecError> report) {
        if (user == null || !USER.matcher(user).matches()) {
            report.accept(new SpecError(Code.ROOT_USER, "the job needs a non-root user, such as '1000' or '1000:1000'"));
            return;
        }
        String name = user.split(":", 2)[0];
        if (name.equals("root") || name.chars().allMatch(Character::isDigit) && Long.parseLong(name) == 0) {
            report.accept(new SpecError(Code.ROOT_USER, "jobs never run as root; name a non-root user"));
        }
    }

    /** A symlink under an allowed root could point anywhere, so an existing path is judged by where it really is. */
    private static boolean insideRoots(Path hostPath, List<Path> roots) {
        String text = hostPath.toString();
        if (text.contains(",") || text.contains(":")) {
            return false;
        }
        Path real;
        try {
            real = hostPath.toRealPath();
        } catch (IOException missing) {
            real = hostPath.normalize();
        }
        Path resolved = real;
        return roots.stream().anyMatch(root -> resolved.startsWith(root.normalize()));
    }

    private static void checkMounts(List<Mount> mounts, List<Path> allowedRoots, Consumer<SpecError> report) {
        if (mounts.size() > MAX_MOUNTS) {
            report.accept(new SpecError(Code.MOUNT_FORBIDDEN, "at most " + MAX_MOUNTS + " mounts"));
        }
        for (Mount mount : mounts) {
            if (mount.hostPath() == null || !mount.hostPath().isAbsolute() || !insideRoots(mount.hostPath(), allowedRoots)) {
                report.accept(new SpecError(Code.MOUNT_FORBIDDEN, "host path " + mount.hostPath()
                        + " is outside the directories this provider shares " + allowedRoots));
            }
            if (mount.containerPath() == null || !mount.containerPath().startsWith("/") || mount.containerPath().contains("..")
                    || mount.containerPath().contains(",") || mount.containerPath().contains(":")) {
                report.accept(new SpecError(Code.MOUNT_FORBIDDEN, "container path '" + mount.containerPath()
                        + "' must be absolute, without '..', ',' or ':'"));
            }
        }
    }
}
