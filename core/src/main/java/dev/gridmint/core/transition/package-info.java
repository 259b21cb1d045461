/**
 * The ledger's rules as one pure function, apply(state, tx). Refusals are values with stable
 * error codes, never exceptions, and leave the state untouched.
 */
package dev.gridmint.core.transition;
