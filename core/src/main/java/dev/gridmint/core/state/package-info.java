/**
 * The ledger state as immutable values: accounts, providers, jobs and their escrow, the money
 * arithmetic, and the canonical state encoding whose hash is the state root.
 */
package dev.gridmint.core.state;
