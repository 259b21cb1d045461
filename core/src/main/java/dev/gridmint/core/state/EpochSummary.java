package dev.gridmint.core.state;

/**
 * What closing one epoch did, kept for explorers and the simulator.
 *
 * @param providerEmission micro-GRID paid to providers: the schedule, minted, plus the net emission, released from the vault
 * @param workRewards the part paid pro rata to settled work
 * @param availabilityRewards the part paid pro rata to staked, active devices
 * @param checkerEmission micro-GRID minted for checkers and their delegators
 * @param burn micro-GRID paid into the vault for credits during the epoch
 * @param netEmission what the net-emission rule released from the vault's surplus, for the epoch before's burn
 * @param permanentlyBurned the part of the epoch before's burn not released: it stays in the vault, out of circulation
 * @param price the oracle price at close, 0 when there was none
 */
public record EpochSummary(
        long epoch,
        long closedAt,
        long providerEmission,
        long workRewards,
        long availabilityRewards,
        long checkerEmission,
        long burn,
        long netEmission,
        long permanentlyBurned,
        long price) {}
