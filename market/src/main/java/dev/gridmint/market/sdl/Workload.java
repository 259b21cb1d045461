package dev.gridmint.market.sdl;

import java.util.List;

/**
 * What one SDL deployment runs, kept beside its order so that nothing the market does not read is
 * lost: the container, its environment and its ports. Gridmint runs container images in a later
 * issue; until then this is carried, not executed.
 *
 * @param count instances; each is one node of the order
 * @param cpuMillis per instance, as asked (the order rounds it up to whole cores)
 */
public record Workload(String service, String placement, String profile, int count, String image, List<String> command,
                       List<String> args, List<EnvVar> env, List<Expose> expose, long cpuMillis, long memoryBytes,
                       long storageBytes) {

    public Workload {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        expose = List.copyOf(expose);
    }

    public record EnvVar(String name, String value) {}

    /**
     * A port the service listens on.
     *
     * @param as the port others reach it on
     * @param proto {@code tcp} or {@code udp}
     * @param global reachable from the internet
     * @param services the other services of the deployment that may reach it
     */
    public record Expose(int port, int as, String proto, boolean global, List<String> services) {
        public Expose {
            services = List.copyOf(services);
        }
    }
}
