/**
 * The devnet scheduler's chooser: the cheapest idle provider whose one offer meets a job. Pure
 * and deterministic. The marketplace engine of issue 5 (offers, orders, the index, gangs,
 * auctions, reclaim, the price index) lives in the sibling packages; the coordinator moves to it
 * when orders become ledger transactions.
 */
package dev.gridmint.market.placement;
