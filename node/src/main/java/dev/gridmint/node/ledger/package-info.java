/**
 * The ledger in a running node: the sequencer, the one writer that orders, applies and persists
 * transactions, and the replay that rebuilds and audits state from the stored log.
 */
package dev.gridmint.node.ledger;
