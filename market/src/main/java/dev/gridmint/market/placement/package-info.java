/**
 * Choosing the provider for a job. Pure and deterministic: the coordinator passes in who is
 * online and idle, and the same inputs always give the same choice. The auction, gang
 * scheduling and the price index of the marketplace issue grow from here.
 */
package dev.gridmint.market.placement;
