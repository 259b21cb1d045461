package dev.gridmint.market.placement;

import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.crypto.Address;

/**
 * A provider that could take a job now: registered, connected and idle. Liveness is the
 * coordinator's knowledge, not the ledger's, so it arrives here already filtered.
 */
public record Candidate(Address provider, HardwareOffer offer) {}
