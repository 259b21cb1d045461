/**
 * From several checkers' scores of one provider to one outcome: the stake-weighted median with
 * Yuma clipping (core's {@code StakeMedian}), the checkers it outvoted (whose reward is cut), the
 * provider's new reputation (core's {@code Reputation}), and whether the round is a fraud slash,
 * an outage slash or nothing. The ledger applies the outcome; this package only decides it.
 */
package dev.gridmint.verify.aggregate;
