/**
 * The pure economic arithmetic of the GRID token ledger: burn-and-mint compute credits (CC) and
 * the vault's collateral ratio, a median price oracle with staleness and deviation filtering,
 * emission schedules, Helium-style smoothed net re-minting, vesting, a reward-per-share index,
 * and slashing. Every function is a static function of longs (BigInteger inside wherever a
 * product could overflow), with no clock, randomness or I/O, so that every node computes the
 * same result bit for bit. GRID and CC amounts are in micro units (6 decimals), a price is
 * micro-USD per whole GRID, basis points are out of 10,000, and every rounding goes in the
 * protocol's favour, as each method states.
 */
package dev.gridmint.core.economics;
