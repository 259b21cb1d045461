/**
 * The ledger state as immutable values: accounts, providers, jobs and their escrow, the money
 * arithmetic, the canonical state encoding (snapshots), and the incremental state root.
 *
 * <p>State root (v2): {@code SHA-256("gridmint/state/v2" ‖ scalars ‖ accountsRoot ‖
 * providersRoot ‖ jobsRoot)}. {@code scalars} are height, network, minted and burned as
 * {@link dev.gridmint.core.state.StateCodec} writes them; each table root is the Merkle root of a
 * canonical treap over the table's entries (see {@link dev.gridmint.core.state.SortedTable}),
 * whose leaves are the same per-entry bytes the snapshot encoding uses.
 */
package dev.gridmint.core.state;
