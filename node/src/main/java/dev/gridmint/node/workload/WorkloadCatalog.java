package dev.gridmint.node.workload;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The built-in workloads and the options a tenant may pass to each. Providers run nothing else,
 * so a tenant's arguments cannot reach anything on a provider's machine; the coordinator checks
 * the same list when a job is submitted, so a job no provider would run is refused at once
 * instead of failing on every provider in turn.
 */
public final class WorkloadCatalog {

    /** A container job: the provider runs the named image in its container engine (see docs/provider.md). */
    public static final String CONTAINER = "container";

    private static final Map<String, SortedSet<String>> OPTIONS = Map.of(
            "train-names", new TreeSet<>(Set.of("--seed", "--steps", "--batch", "--hidden", "--lr", "--eval-every")),
            CONTAINER, new TreeSet<>(Set.of("--image", "--command", "--cpu-millis", "--memory-mb", "--pids", "--shm-mb",
                    "--user", "--read-only", "--port", "--env", "--gpus", "--image-archive",
                    "--disk-mb")));

    private WorkloadCatalog() {}

    public static SortedSet<String> workloads() {
        return new TreeSet<>(OPTIONS.keySet());
    }

    /** Whether the workload is one of the pure-Java ones that run as a child JVM (not a container). */
    public static boolean builtIn(String workload) {
        return OPTIONS.containsKey(workload) && !workload.equals(CONTAINER);
    }

    /** Why this workload and these arguments may not run, or empty when they may. */
    public static Optional<String> problem(String workload, List<String> args) {
        SortedSet<String> allowed = OPTIONS.get(workload);
        if (allowed == null) {
            return Optional.of("unknown workload '" + workload + "'; the network runs " + workloads());
        }
        if (args.size() % 2 != 0) {
            return Optional.of("arguments come in --option value pairs");
        }
        for (int i = 0; i < args.size(); i += 2) {
            String value = args.get(i + 1);
            if (!allowed.contains(args.get(i))) {
                return Optional.of("option '" + args.get(i) + "' is not allowed for " + workload + "; allowed: " + allowed);
            }
            if (value.startsWith("-") && !isNumber(value)) {
                return Optional.of("option '" + args.get(i) + "' needs a value, got '" + value + "'");
            }
        }
        return Optional.empty();
    }

    private static boolean isNumber(String text) {
        try {
            Double.parseDouble(text);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
