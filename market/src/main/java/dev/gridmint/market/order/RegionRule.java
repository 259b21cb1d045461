package dev.gridmint.market.order;

import java.util.Optional;
import java.util.Set;

/**
 * Where an order may run: {@code allowed} (empty means anywhere) less {@code denied}. A
 * {@code preferred} region scores better but is not required.
 */
public record RegionRule(Set<String> allowed, Set<String> denied, Optional<String> preferred) {

    public static final RegionRule ANYWHERE = new RegionRule(Set.of(), Set.of(), Optional.empty());

    public RegionRule {
        allowed = Set.copyOf(allowed);
        denied = Set.copyOf(denied);
    }

    public static RegionRule only(String... regions) {
        return new RegionRule(Set.of(regions), Set.of(), Optional.empty());
    }

    public static RegionRule preferring(String region) {
        return new RegionRule(Set.of(), Set.of(), Optional.of(region));
    }

    public boolean permits(String region) {
        return (allowed.isEmpty() || allowed.contains(region)) && !denied.contains(region);
    }

    public boolean prefers(String region) {
        return preferred.isEmpty() || preferred.get().equals(region);
    }
}
