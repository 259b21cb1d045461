/**
 * Matching orders to offers: instant matching by score with a deterministic tie-break, gang
 * placement (all nodes or none), spot reclaim with notice, and leases that end, extend and cancel.
 * The indexed search is checked against a linear reference scan that must agree with it exactly.
 */
package dev.gridmint.market.matching;
