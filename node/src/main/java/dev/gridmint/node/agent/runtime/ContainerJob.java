package dev.gridmint.node.agent.runtime;

import dev.gridmint.node.agent.runtime.SpecError.Code;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.SealedSecrets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a {@code container} job's arguments (its {@code --option value} pairs on the ledger) into
 * a {@link ContainerSpec}. The command is one JSON array of strings, so an argument may hold spaces
 * and quotes without any shell in between. The job runs without network unless it names a
 * {@code --port}, and without mounts, which need a shared-directory policy a ledger job cannot yet express.
 *
 * <p>A job's arguments are public on the ledger: {@code --env} values are visible to anyone, and a
 * secret comes only as {@code --sealed-secret}, sealed to the provider's key ({@link SealedSecrets}),
 * which this parse opens into the spec's secrets (see docs/provider.md).
 * {@code --gpus N} pins the provider's first N GPUs. {@code --image-archive SHA256} takes the image
 * named by {@code --image} from an OCI archive in the coordinator's artifact store, which the agent
 * downloads into {@code archiveDir} and the runtime checks against that hash before it loads it.
 * {@code --disk-mb N} gives the job a read-only root and N MiB of scratch space at {@link ContainerSpec#SCRATCH}.
 */
public final class ContainerJob {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ContainerJob() {}

    /** The spec, or why these arguments are not one. */
    public sealed interface Parsed {
        record Spec(ContainerSpec spec) implements Parsed {}

        record Refused(SpecError error) implements Parsed {}
    }

    /** Parses a job whose image, if it comes as an archive, would be kept in {@code archiveDir}, on a provider with no sealing key. */
    public static Parsed parse(String jobId, String leaseId, List<String> args, long maxSeconds, Path archiveDir) {
        return parse(jobId, leaseId, args, maxSeconds, archiveDir, argument -> new SealedSecrets.Opened.Refused(
                SealedSecrets.Code.SECRET_NOT_FOR_THIS_PROVIDER, "this provider holds no sealing key"));
    }

    /**
     * As {@link #parse(String, String, List, long, Path)}, opening each {@code --sealed-secret} with
     * {@code unseal} (the provider's key, for the job's tenant). A job may carry one envelope per candidate
     * provider for each secret: those sealed to other keys are skipped, and a secret with none for this
     * provider, or one that does not open, refuses the job with the sealing code.
     */
    public static Parsed parse(String jobId, String leaseId, List<String> args, long maxSeconds, Path archiveDir,
            Function<String, SealedSecrets.Opened> unseal) {
        if (args.size() % 2 != 0) {
            return refused(Code.BAD_COMMAND, "arguments come in --option value pairs");
        }
        Optional<String> image = Optional.empty();
        Optional<String> archive = Optional.empty();
        List<String[]> options = new ArrayList<>();
        List<String> sealed = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            switch (args.get(i)) {
                case "--image" -> image = Optional.of(args.get(i + 1));
                case "--image-archive" -> archive = Optional.of(args.get(i + 1));
                case SealedSecrets.OPTION -> sealed.add(args.get(i + 1));
                default -> options.add(new String[] {args.get(i), args.get(i + 1)});
            }
        }
        if (image.isEmpty()) {
            return refused(Code.BAD_IMAGE, "a container job needs --image (with --image-archive, the name the archive holds)");
        }
        if (archive.isPresent() && !SHA256.matcher(archive.get()).matches()) {
            return refused(Code.BAD_IMAGE, "--image-archive needs the archive's sha256 as 64 lowercase hex digits");
        }
        String name = image.get();
        ImageSource source = archive.<ImageSource>map(sha -> new ImageSource.Archive(archiveDir.resolve(sha + ".tar"), sha, name))
                .orElse(new ImageSource.Named(name));
        ContainerSpec.Builder spec = ContainerSpec.builder(jobId, leaseId, source).wallClockSeconds(maxSeconds);
        Map<String, String> env = new TreeMap<>();
        for (String[] option : options) {
            Optional<SpecError> problem = option[0].equals("--env") ? addEnv(env, option[1]) : apply(spec, option[0], option[1]);
            if (problem.isPresent()) {
                return new Parsed.Refused(problem.get());
            }
        }
        Map<String, String> secrets = new TreeMap<>();
        Optional<SpecError> unsealed = unseal(sealed, unseal, secrets);
        if (unsealed.isPresent()) {
            return new Parsed.Refused(unsealed.get());
        }
        return new Parsed.Spec(spec.env(env).secrets(secrets).build());
    }

    private static Optional<SpecError> unseal(List<String> sealed, Function<String, SealedSecrets.Opened> unseal,
            Map<String, String> secrets) {
        Map<String, SealedSecrets.Opened.Refused> notMine = new TreeMap<>();
        for (String argument : sealed) {
            switch (unseal.apply(argument)) {
                case SealedSecrets.Opened.Secret secret -> {
                    if (secrets.putIfAbsent(secret.name(), secret.value()) != null) {
                        return Optional.of(sealingError(SealedSecrets.Code.BAD_SEALED_SECRET, secret.name() + " is sealed to this provider twice"));
                    }
                }
                case SealedSecrets.Opened.Refused refused when refused.code() == SealedSecrets.Code.SECRET_NOT_FOR_THIS_PROVIDER ->
                        SealedSecrets.name(argument).ifPresent(name -> notMine.putIfAbsent(name, refused));
                case SealedSecrets.Opened.Refused refused -> {
                    return Optional.of(sealingError(refused.code(), refused.message()));
                }
            }
        }
        return notMine.entrySet().stream().filter(e -> !secrets.containsKey(e.getKey())).findFirst()
                .map(e -> sealingError(e.getValue().code(), e.getKey() + " is not sealed to this provider: " + e.getValue().message()));
    }

    private static SpecError sealingError(SealedSecrets.Code code, String message) {
        return new SpecError(Code.valueOf(code.name()), message);
    }

    /** {@code NAME=value}; the name is checked by {@link SpecValidator}, a repeated one is refused here. */
    private static Optional<SpecError> addEnv(Map<String, String> env, String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            return Optional.of(new SpecError(Code.BAD_ENV, "--env needs NAME=value, got '" + assignment + "'"));
        }
        String name = assignment.substring(0, eq);
        if (env.putIfAbsent(name, assignment.substring(eq + 1)) != null) {
            return Optional.of(new SpecError(Code.BAD_ENV, "--env " + name + " is given twice"));
        }
        return Optional.empty();
    }

    private static Optional<SpecError> apply(ContainerSpec.Builder spec, String option, String value) {
        try {
            switch (option) {
                case "--gpus" -> spec.gpus(firstGpus(Integer.parseInt(value)));
                case "--command" -> spec.command(Json.MAPPER.readValue(value, new TypeReference<List<String>>() {}));
                case "--cpu-millis" -> spec.cpuMillis(Long.parseLong(value));
                case "--memory-mb" -> spec.memoryBytes(Math.multiplyExact(Long.parseLong(value), 1L << 20));
                case "--pids" -> spec.pidsLimit(Long.parseLong(value));
                case "--shm-mb" -> spec.shmBytes(Math.multiplyExact(Long.parseLong(value), 1L << 20));
                case "--disk-mb" -> spec.scratchBytes(Math.multiplyExact(Long.parseLong(value), 1L << 20));
                case "--user" -> spec.user(value);
                case "--read-only" -> spec.readOnlyRoot(bool(value));
                case "--port" -> spec.port(Integer.parseInt(value));
                default -> {
                    return Optional.of(new SpecError(Code.BAD_COMMAND, "option '" + option + "' is not a container option"));
                }
            }
            return Optional.empty();
        } catch (JacksonException e) {
            return Optional.of(new SpecError(Code.BAD_COMMAND, "--command must be a JSON array of strings, such as [\"echo\",\"hi\"]"));
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.of(new SpecError(Code.BAD_LIMIT, option + " needs a whole number, got '" + value + "'"));
        } catch (IllegalArgumentException e) {
            return Optional.of(new SpecError(Code.BAD_LIMIT, option + ": " + e.getMessage()));
        }
    }

    private static List<Integer> firstGpus(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("needs a GPU count of 0 or more, got " + count);
        }
        return IntStream.range(0, count).boxed().toList();
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("needs true or false, got '" + value + "'");
        };
    }

    private static Parsed refused(Code code, String message) {
        return new Parsed.Refused(new SpecError(code, message));
    }
}
