package dev.gridmint.market.order;

/**
 * Spot capacity is cheap and interruptible: a reserved order may reclaim it after a notice
 * period. A spot order also accepts a node whose availability window ends before its term does.
 */
public enum Tier {
    SPOT,
    RESERVED
}
