package dev.gridmint.market.placement;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.JobSpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * Instant matching: among the candidates whose offer meets the job, take the cheapest, then the
 * one whose device count fits the job most tightly (so big nodes stay free for big jobs), then
 * the lowest address, which makes the choice deterministic.
 */
public final class Placement {

    private static final Comparator<Candidate> BEST_FIRST = Comparator
            .comparingLong((Candidate c) -> c.offer().pricePerDeviceHour())
            .thenComparingInt(c -> c.offer().deviceCount())
            .thenComparing(Candidate::provider);

    private Placement() {}

    public static boolean meets(JobSpec spec, Candidate candidate) {
        return candidate.offer().pricePerDeviceHour() <= spec.maxPricePerDeviceHour()
                && candidate.offer().deviceCount() >= spec.devices();
    }

    /** The best candidate for the job, leaving out any in {@code excluded} (say, the provider that just lost it). */
    public static Optional<Address> choose(JobSpec spec, Collection<Candidate> candidates, Set<Address> excluded) {
        return candidates.stream()
                .filter(c -> !excluded.contains(c.provider()))
                .filter(c -> meets(spec, c))
                .min(BEST_FIRST)
                .map(Candidate::provider);
    }
}
