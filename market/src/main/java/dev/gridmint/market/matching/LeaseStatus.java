package dev.gridmint.market.matching;

/** A lease runs, or (spot only) has been told it will be reclaimed at a deadline. */
public sealed interface LeaseStatus {

    record Active() implements LeaseStatus {}

    record Reclaiming(long deadline, long forOrder) implements LeaseStatus {}

    LeaseStatus ACTIVE = new Active();
}
