package dev.gridmint.core.state;

/**
 * Ledger time and the open epoch. Time enters the ledger only through the coordinator's signed
 * clock ticks, so replay sees the same times.
 *
 * @param genesisTime unix seconds at genesis: epoch 0 and every vesting grant start here
 * @param now unix seconds of the latest tick
 * @param epoch the open epoch, counted from 0
 * @param burnThisEpoch micro-GRID paid into the vault for credits in the open epoch
 * @param burnLastEpoch the same for the last closed epoch: the input to this epoch's net emission
 * @param netEmissionTarget the smoothed target of the net-emission rule, carried between epochs
 */
public record EpochClock(long genesisTime, long now, long epoch, long burnThisEpoch, long burnLastEpoch,
        long netEmissionTarget) {

    public EpochClock {
        Checks.nonNegative(genesisTime, "genesis time");
        if (now < genesisTime) {
            throw new IllegalArgumentException("ledger time is before genesis");
        }
        Checks.nonNegative(epoch, "epoch");
        Checks.nonNegative(burnThisEpoch, "burn this epoch");
        Checks.nonNegative(burnLastEpoch, "burn last epoch");
        Checks.nonNegative(netEmissionTarget, "net-emission target");
    }

    public static EpochClock startingAt(long genesisTime) {
        return new EpochClock(genesisTime, genesisTime, 0, 0, 0, 0);
    }

    public long epochEnd(long epochSeconds) {
        return Math.addExact(genesisTime, Math.multiplyExact(epoch + 1, epochSeconds));
    }

    public EpochClock at(long time) {
        return new EpochClock(genesisTime, time, epoch, burnThisEpoch, burnLastEpoch, netEmissionTarget);
    }

    public EpochClock burned(long amount) {
        return new EpochClock(genesisTime, now, epoch, Math.addExact(burnThisEpoch, amount), burnLastEpoch,
                netEmissionTarget);
    }

    public EpochClock nextEpoch(long newTarget) {
        return new EpochClock(genesisTime, now, epoch + 1, 0, burnThisEpoch, newTarget);
    }
}
