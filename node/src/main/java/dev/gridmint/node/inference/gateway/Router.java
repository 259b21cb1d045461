package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.inference.serve.ModelLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Where a request for a model goes: among the running inference jobs that serve it on a connected
 * provider, the cheapest expected cost first, where a route's cost grows with its lease price, its
 * measured latency (a moving average of time to first byte) and the requests it already has in
 * flight, and shrinks with its provider's reputation. An unmeasured route counts as fast, so each new
 * provider gets tried.
 */
final class Router {

    /** One inference job that serves a model. */
    record Route(Hash jobId, Address provider, String model, long pricePerDeviceHour, int reputation) {}

    private static final double LATENCY_WEIGHT = 0.2;
    /** Answer times kept per route, and how many make a tail worth trusting for hedging. */
    static final int WINDOW = 64;
    static final int MIN_SAMPLES = 20;

    private final Map<Address, Double> latencyMs = new ConcurrentHashMap<>();
    private final Map<Address, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<Hash, LatencyWindow> answers = new ConcurrentHashMap<>();

    /** The routes for {@code model}, best first. */
    List<Route> routes(LedgerState state, Set<Address> connected, String model) {
        return rank(served(state, connected).stream().filter(route -> route.model().equals(model)).toList());
    }

    /** {@code routes}, best first. */
    List<Route> rank(List<Route> routes) {
        return routes.stream().sorted(Comparator.comparingDouble(this::cost)).toList();
    }

    /** The models served right now. */
    Set<String> models(LedgerState state, Set<Address> connected) {
        return served(state, connected).stream().map(Route::model).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** What the router knows of one route now: its measured time to first byte, requests in flight, and answer p95. */
    record Standing(Route route, OptionalDouble firstByteMs, int inFlight, OptionalDouble answerP95Ms) {}

    /** Every route served now, by model, each model's routes best first. */
    SortedMap<String, List<Standing>> standings(LedgerState state, Set<Address> connected) {
        var byModel = new TreeMap<String, List<Standing>>();
        for (Route route : rank(served(state, connected))) {
            Double latency = latencyMs.get(route.provider());
            byModel.computeIfAbsent(route.model(), m -> new ArrayList<>()).add(new Standing(route,
                    latency == null ? OptionalDouble.empty() : OptionalDouble.of(latency),
                    inFlight.getOrDefault(route.provider(), new AtomicInteger()).get(), answerP95(route)));
        }
        return byModel;
    }

    void started(Address provider) {
        inFlight.computeIfAbsent(provider, p -> new AtomicInteger()).incrementAndGet();
    }

    void finished(Address provider) {
        inFlight.computeIfAbsent(provider, p -> new AtomicInteger()).decrementAndGet();
    }

    void observed(Address provider, double firstByteMs) {
        latencyMs.merge(provider, firstByteMs, (old, now) -> old + LATENCY_WEIGHT * (now - old));
    }

    /** A plain request on {@code route} was answered whole in {@code millis}. */
    void answered(Route route, double millis) {
        answers.computeIfAbsent(route.jobId(), id -> new LatencyWindow(WINDOW)).add(millis);
    }

    /** The 95th percentile of {@code route}'s recent answer times; empty until it has answered {@value #MIN_SAMPLES} times. */
    OptionalDouble answerP95(Route route) {
        LatencyWindow window = answers.get(route.jobId());
        return window == null ? OptionalDouble.empty() : window.quantile(0.95, MIN_SAMPLES);
    }

    private double cost(Route route) {
        double price = 1 + route.pricePerDeviceHour() / 1e6;
        double latency = 1 + latencyMs.getOrDefault(route.provider(), 0.0);
        int load = inFlight.getOrDefault(route.provider(), new AtomicInteger()).get();
        double trust = 0.5 + route.reputation() / 1000.0;
        return price * latency * (1 + load) / trust;
    }

    /** The routes of one ledger state and set of connected providers: every job the ledger ever had is scanned to make it. */
    private record Table(LedgerState state, Set<Address> connected, List<Route> routes) {}

    private volatile Table table = new Table(null, Set.of(), List.of());

    /**
     * The routes served right now, rebuilt only when the ledger state or the connected providers changed:
     * the ledger keeps every settled job, so a scan per request grew with the network's history.
     */
    private List<Route> served(LedgerState state, Set<Address> connected) {
        Table current = table;
        if (current.state() != state || !current.connected().equals(connected)) {
            current = new Table(state, connected, scan(state, connected));
            table = current;
        }
        return current.routes();
    }

    private static List<Route> scan(LedgerState state, Set<Address> connected) {
        return state.jobs().values().stream()
                .filter(job -> job.status() == JobStatus.LEASED && job.spec().workload().equals(ModelLoader.WORKLOAD))
                .flatMap(job -> route(state, job).stream())
                .filter(route -> connected.contains(route.provider()))
                .toList();
    }

    private static Optional<Route> route(LedgerState state, Job job) {
        return job.lease().flatMap(lease -> ModelLoader.modelOf(job.spec().args()).map(model -> new Route(job.id(), lease.provider(),
                model, lease.pricePerDeviceHour(), state.reputation(lease.provider()).orElse(0))));
    }
}
