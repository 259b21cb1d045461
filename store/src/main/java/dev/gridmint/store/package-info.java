/**
 * Durable storage for the ledger: the append-only log of applied transactions and the newest state
 * snapshot, behind the {@link dev.gridmint.store.LedgerStore} interface. The store treats transactions and
 * states as opaque bytes, so the node decides what they mean and any backend (the embedded SQLite one today,
 * a server database later) can be swapped in as long as it passes the shared contract test suite.
 */
package dev.gridmint.store;
