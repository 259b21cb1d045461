package dev.gridmint.node.agent.runtime;

import dev.gridmint.node.agent.runtime.SpecError.Code;
import dev.gridmint.node.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;

/**
 * Reads a {@code container} job's arguments (its {@code --option value} pairs on the ledger) into
 * a {@link ContainerSpec}. The command is one JSON array of strings, so an argument may hold spaces
 * and quotes without any shell in between. The job runs without network, ports or mounts: those
 * need the tenant proxy and the shared-directory policy, which a ledger job cannot yet express.
 */
public final class ContainerJob {

    private ContainerJob() {}

    /** The spec, or why these arguments are not one. */
    public sealed interface Parsed {
        record Spec(ContainerSpec spec) implements Parsed {}

        record Refused(SpecError error) implements Parsed {}
    }

    public static Parsed parse(String jobId, String leaseId, List<String> args, long maxSeconds) {
        if (args.size() % 2 != 0) {
            return refused(Code.BAD_COMMAND, "arguments come in --option value pairs");
        }
        Optional<String> image = Optional.empty();
        List<String[]> options = new ArrayList<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (args.get(i).equals("--image")) {
                image = Optional.of(args.get(i + 1));
            } else {
                options.add(new String[] {args.get(i), args.get(i + 1)});
            }
        }
        if (image.isEmpty()) {
            return refused(Code.BAD_IMAGE, "a container job needs --image");
        }
        ContainerSpec.Builder spec = ContainerSpec.builder(jobId, leaseId, new ImageSource.Named(image.get()))
                .wallClockSeconds(maxSeconds);
        for (String[] option : options) {
            Optional<SpecError> problem = apply(spec, option[0], option[1]);
            if (problem.isPresent()) {
                return new Parsed.Refused(problem.get());
            }
        }
        return new Parsed.Spec(spec.build());
    }

    private static Optional<SpecError> apply(ContainerSpec.Builder spec, String option, String value) {
        try {
            switch (option) {
                case "--command" -> spec.command(Json.MAPPER.readValue(value, new TypeReference<List<String>>() {}));
                case "--cpu-millis" -> spec.cpuMillis(Long.parseLong(value));
                case "--memory-mb" -> spec.memoryBytes(Math.multiplyExact(Long.parseLong(value), 1L << 20));
                case "--pids" -> spec.pidsLimit(Long.parseLong(value));
                case "--shm-mb" -> spec.shmBytes(Math.multiplyExact(Long.parseLong(value), 1L << 20));
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
