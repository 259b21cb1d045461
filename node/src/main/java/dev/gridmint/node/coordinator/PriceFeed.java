package dev.gridmint.node.coordinator;

import java.util.OptionalLong;

/**
 * Where a coordinator that is also an oracle reporter reads the GRID price it signs. A network
 * normally runs independent reporters ({@code gridmint oracle report}); a devnet or a private
 * network can let its coordinator report a price its operator sets.
 */
public interface PriceFeed {

    /** Micro-USD per GRID, or empty when the feed has nothing to report. */
    OptionalLong price();

    static PriceFeed none() {
        return OptionalLong::empty;
    }

    /** A price the operator sets, reported as it is. */
    static PriceFeed fixed(long microUsdPerGrid) {
        if (microUsdPerGrid <= 0) {
            throw new IllegalArgumentException("a price must be positive");
        }
        return () -> OptionalLong.of(microUsdPerGrid);
    }
}
