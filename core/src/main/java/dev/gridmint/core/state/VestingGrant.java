package dev.gridmint.core.state;

/**
 * A genesis allocation released over time from the genesis time: nothing before the cliff, then
 * linearly until {@code durationSeconds}.
 *
 * @param released micro-GRID already claimed into the balance
 */
public record VestingGrant(long total, long released, long cliffSeconds, long durationSeconds) {

    public VestingGrant {
        Checks.positive(total, "vesting total");
        Checks.nonNegative(released, "released");
        if (released > total) {
            throw new IllegalArgumentException("released exceeds the grant");
        }
        Checks.nonNegative(cliffSeconds, "cliff");
        Checks.nonNegative(durationSeconds, "vesting duration");
        if (cliffSeconds > durationSeconds) {
            throw new IllegalArgumentException("the cliff must not be after the end of vesting");
        }
    }

    public long locked() {
        return total - released;
    }

    public VestingGrant release(long amount) {
        return new VestingGrant(total, Math.addExact(released, amount), cliffSeconds, durationSeconds);
    }
}
