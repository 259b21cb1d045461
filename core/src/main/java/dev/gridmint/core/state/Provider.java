package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.core.params.StakingParams;

/**
 * A registered provider, its offer and its stake; liveness is not ledger state and lives in the
 * coordinator.
 *
 * @param registeredAt ledger time of the first registration, for the early-exit fee's age
 * @param bonded micro-GRID staked and not unbonding
 * @param unclaimed micro-GRID of rewards earned and not yet claimed; slashed before the stake
 * @param epochWork micro-CC settled to this provider in the open epoch: its weight in the work pool
 * @param lastEpochReward micro-GRID earned in the last closed epoch: the basis of outage fees
 * @param reputation 0..1000, moved towards each closed epoch's verdict consensus; new providers start neutral
 */
public record Provider(
        Address address,
        HardwareOffer offer,
        long registeredAtHeight,
        long registeredAt,
        long bonded,
        long unclaimed,
        long epochWork,
        long lastEpochReward,
        int reputation) {

    public Provider {
        Checks.nonNegative(bonded, "bonded stake");
        Checks.nonNegative(unclaimed, "unclaimed rewards");
        Checks.nonNegative(epochWork, "epoch work");
        Checks.nonNegative(lastEpochReward, "last epoch reward");
        Verdict.requireScore(reputation);
    }

    public static Provider registered(Address address, HardwareOffer offer, long height, long now) {
        return new Provider(address, offer, height, now, 0, 0, 0, 0, Reputation.NEUTRAL);
    }

    /** Stake this offer needs: one stake unit per device, by the class of the device (L13). */
    public long requiredStake(StakingParams staking) {
        long unit = switch (offer.deviceClass()) {
            case GPU -> staking.gpuUnitFor(offer.deviceMemoryMb());
            case CPU -> staking.cpuStakeUnit();
        };
        return Math.multiplyExact(unit, offer.deviceCount());
    }

    /** Halted until its stake covers its offer: it gets no leases and no availability reward. */
    public boolean isActive(StakingParams staking) {
        return bonded >= requiredStake(staking);
    }

    public Provider withOffer(HardwareOffer newOffer) {
        return new Provider(address, newOffer, registeredAtHeight, registeredAt, bonded, unclaimed, epochWork, lastEpochReward,
                reputation);
    }

    public Provider withBonded(long newBonded) {
        return new Provider(address, offer, registeredAtHeight, registeredAt, newBonded, unclaimed, epochWork, lastEpochReward,
                reputation);
    }

    public Provider withUnclaimed(long newUnclaimed) {
        return new Provider(address, offer, registeredAtHeight, registeredAt, bonded, newUnclaimed, epochWork, lastEpochReward,
                reputation);
    }

    public Provider withReputation(int newReputation) {
        return new Provider(address, offer, registeredAtHeight, registeredAt, bonded, unclaimed, epochWork, lastEpochReward,
                newReputation);
    }

    public Provider addWork(long credits) {
        return new Provider(address, offer, registeredAtHeight, registeredAt, bonded, unclaimed,
                Math.addExact(epochWork, credits), lastEpochReward, reputation);
    }

    /** The epoch closed: its reward is added to the unclaimed rewards and the work counter starts again. */
    public Provider closeEpoch(long reward) {
        return new Provider(address, offer, registeredAtHeight, registeredAt, bonded,
                Math.addExact(unclaimed, reward), 0, reward, reputation);
    }
}
