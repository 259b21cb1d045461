/**
 * The embedded default {@link dev.gridmint.store.LedgerStore}: one SQLite file in the node's data directory,
 * in WAL mode so that a separate read-only process (such as {@code gridmint ledger verify}) can read the log
 * while the coordinator keeps appending. It needs no server and no setup, which is what a single coordinator
 * or a local test network wants.
 */
package dev.gridmint.store.sqlite;
