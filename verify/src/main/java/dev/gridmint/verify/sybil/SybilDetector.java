package dev.gridmint.verify.sybil;

import dev.gridmint.core.crypto.Address;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Links identities pair by pair and flags the connected clusters. A pair is linked by a shared GPU
 * UUID alone, or by soft signals of at least two independent kinds (fingerprint, network, timing).
 * Timing: the Pearson correlation of the two identities' response times over the challenge slots
 * they share, at least {@code minCorrelation} over at least {@code minSamples} slots. Independent
 * machines correlate only by chance (|r| ≈ 1/√samples); identities sharing one GPU slow down
 * together whenever several of them are challenged at once.
 */
public record SybilDetector(double minCorrelation, int minSamples) {

    public static final SybilDetector DEFAULT = new SybilDetector(0.8, 12);

    public List<SybilFlag> detect(List<Identity> identities, List<TimingSample> timings) {
        Map<Pair, Set<Signal>> links = new TreeMap<>();
        linkGroups(identities, links, identity -> identity.gpuUuids(), Signal.SharedGpuUuid::new);
        linkGroups(identities, links, identity -> List.of(identity.hardwareFingerprint()), Signal.SharedFingerprint::new);
        linkGroups(identities, links, identity -> List.of(identity.ip()), Signal.SameOrigin::new);
        linkGroups(identities, links, identity -> List.of(identity.subnet()), Signal.SameSubnet::new);
        linkTiming(timings, links);
        return clusters(links);
    }

    private static boolean isSybilLink(Set<Signal> signals) {
        EnumSet<Signal.Kind> kinds = EnumSet.noneOf(Signal.Kind.class);
        signals.forEach(signal -> kinds.add(signal.kind()));
        return kinds.contains(Signal.Kind.GPU_UUID) || kinds.size() >= 2;
    }

    private static void linkGroups(List<Identity> identities, Map<Pair, Set<Signal>> links, Function<Identity, List<String>> keys,
                                   Function<String, Signal> signal) {
        Map<String, List<Address>> groups = new TreeMap<>();
        for (Identity identity : identities) {
            for (String key : new LinkedHashSet<>(keys.apply(identity))) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(identity.provider());
            }
        }
        groups.forEach((key, members) -> {
            for (int i = 0; i < members.size(); i++) {
                for (int j = i + 1; j < members.size(); j++) {
                    link(links, members.get(i), members.get(j), signal.apply(key));
                }
            }
        });
    }

    private void linkTiming(List<TimingSample> timings, Map<Pair, Set<Signal>> links) {
        Map<Address, Map<Long, Double>> bySlot = new TreeMap<>();
        for (TimingSample sample : timings) {
            bySlot.computeIfAbsent(sample.provider(), p -> new HashMap<>()).put(sample.slot(), sample.responseSeconds());
        }
        List<Address> providers = List.copyOf(bySlot.keySet());
        for (int i = 0; i < providers.size(); i++) {
            for (int j = i + 1; j < providers.size(); j++) {
                Address a = providers.get(i);
                Address b = providers.get(j);
                correlation(bySlot.get(a), bySlot.get(b)).ifPresent(signal -> link(links, a, b, signal));
            }
        }
    }

    /** The timing signal of two identities, when their shared slots are enough and their times correlate. */
    private Optional<Signal> correlation(Map<Long, Double> a, Map<Long, Double> b) {
        List<Long> shared = a.keySet().stream().filter(b::containsKey).toList();
        if (shared.size() < minSamples) {
            return Optional.empty();
        }
        double r = pearson(shared.stream().mapToDouble(a::get).toArray(), shared.stream().mapToDouble(b::get).toArray());
        return r >= minCorrelation ? Optional.of(new Signal.CorrelatedTiming(r, shared.size())) : Optional.empty();
    }

    static double pearson(double[] x, double[] y) {
        double meanX = Arrays.stream(x).average().orElse(0);
        double meanY = Arrays.stream(y).average().orElse(0);
        double covariance = 0;
        double varianceX = 0;
        double varianceY = 0;
        for (int i = 0; i < x.length; i++) {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            varianceX += (x[i] - meanX) * (x[i] - meanX);
            varianceY += (y[i] - meanY) * (y[i] - meanY);
        }
        return varianceX == 0 || varianceY == 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
    }

    private static void link(Map<Pair, Set<Signal>> links, Address a, Address b, Signal signal) {
        links.computeIfAbsent(Pair.of(a, b), pair -> new LinkedHashSet<>()).add(signal);
    }

    /** Connected components of the sybil links, each with the union of its links' signals; deterministic order. */
    private static List<SybilFlag> clusters(Map<Pair, Set<Signal>> links) {
        Map<Address, Address> parent = new HashMap<>();
        Map<Pair, Set<Signal>> sybilLinks = new TreeMap<>();
        links.forEach((pair, signals) -> {
            if (isSybilLink(signals)) {
                sybilLinks.put(pair, signals);
                parent.put(root(parent, pair.a()), root(parent, pair.b()));
            }
        });
        Map<Address, TreeSet<Address>> members = new TreeMap<>();
        Map<Address, Set<Signal>> evidence = new HashMap<>();
        sybilLinks.forEach((pair, signals) -> {
            Address root = root(parent, pair.a());
            members.computeIfAbsent(root, r -> new TreeSet<>()).addAll(List.of(pair.a(), pair.b()));
            evidence.computeIfAbsent(root, r -> new LinkedHashSet<>()).addAll(signals);
        });
        return members.entrySet().stream()
                .map(entry -> new SybilFlag(List.copyOf(entry.getValue()), List.copyOf(evidence.get(entry.getKey()))))
                .sorted(Comparator.comparing(flag -> flag.identities().getFirst()))
                .toList();
    }

    private static Address root(Map<Address, Address> parent, Address node) {
        Address current = node;
        while (parent.containsKey(current) && !parent.get(current).equals(current)) {
            current = parent.get(current);
        }
        return current;
    }

    /** An unordered pair of identities, smaller address first. */
    private record Pair(Address a, Address b) implements Comparable<Pair> {
        static Pair of(Address x, Address y) {
            return x.compareTo(y) <= 0 ? new Pair(x, y) : new Pair(y, x);
        }

        @Override
        public int compareTo(Pair other) {
            int first = a.compareTo(other.a);
            return first != 0 ? first : b.compareTo(other.b);
        }
    }
}
