package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.verify.sybil.Identity;
import dev.gridmint.verify.sybil.SybilDetector;
import dev.gridmint.verify.sybil.SybilFlag;
import dev.gridmint.verify.sybil.TimingSample;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the coordinator sees of each provider that could betray one operator behind several keys:
 * the GPU UUIDs and machine fingerprint its agent signed, the address its connection came from,
 * and how long it took to answer each proof-of-GPU challenge. The judging is {@code verify}'s
 * {@link SybilDetector}; this class only gathers its inputs, bounded per provider.
 */
final class SybilWatch {

    /** Enough challenge timings for a correlation to mean something, few enough to keep per provider. */
    static final int TIMINGS_KEPT = 256;

    private final SybilDetector detector;
    private final Map<Address, Identity> identities = new TreeMap<>();
    private final Map<Address, Deque<TimingSample>> timings = new HashMap<>();

    SybilWatch(SybilDetector detector) {
        this.detector = detector;
    }

    /** The provider's latest signed report replaces its earlier one: a machine may gain or lose GPUs. */
    synchronized void reported(Address provider, List<String> gpuUuids, String fingerprint, String ip) {
        identities.put(provider, new Identity(provider, gpuUuids, fingerprint, ip));
    }

    /** One challenge answered in {@code seconds}, in the checker's round {@code slot}. */
    synchronized void answered(Address provider, long slot, double seconds) {
        Deque<TimingSample> samples = timings.computeIfAbsent(provider, p -> new ArrayDeque<>());
        samples.addLast(new TimingSample(provider, slot, seconds));
        if (samples.size() > TIMINGS_KEPT) {
            samples.removeFirst();
        }
    }

    /** Whether the report makes {@code provider} part of a flagged cluster. */
    synchronized boolean flags(Address provider) {
        return flags().stream().anyMatch(flag -> flag.identities().contains(provider));
    }

    synchronized List<SybilFlag> flags() {
        List<TimingSample> samples = new ArrayList<>();
        timings.values().forEach(samples::addAll);
        return detector.detect(List.copyOf(identities.values()), samples);
    }
}
