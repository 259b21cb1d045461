package dev.gridmint.core.params;

import dev.gridmint.core.crypto.Address;
import java.util.List;

/**
 * The council that changes parameters: {@code threshold} of its members must approve a proposal
 * before it expires.
 */
public record GovernanceParams(List<Address> council, int threshold, long proposalTtlSeconds) {

    public static final int MAX_COUNCIL = 32;

    public GovernanceParams {
        council = List.copyOf(council);
        Bounds.range(council.size(), 1, MAX_COUNCIL, "council size");
        if (council.stream().distinct().count() != council.size()) {
            throw new IllegalArgumentException("council members must be distinct");
        }
        Bounds.range(threshold, 1, council.size(), "council threshold");
        Bounds.range(proposalTtlSeconds, 60, 365L * 24 * 3600, "proposal lifetime");
    }

    /** A council of {@code members} where {@code threshold} approve, proposals open for a week. */
    public static GovernanceParams of(List<Address> members, int threshold) {
        return new GovernanceParams(members, threshold, 7L * 24 * 3600);
    }

    public boolean isMember(Address address) {
        return council.contains(address);
    }
}
