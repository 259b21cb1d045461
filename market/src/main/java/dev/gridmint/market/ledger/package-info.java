/**
 * How the ledger's values become the market's: a registered provider's {@code HardwareOffer} is an
 * {@code Offer}, a submitted job's {@code JobSpec} is an {@code Order}. Pure, like the rest of the module;
 * the coordinator decides when to list, withdraw and submit.
 */
package dev.gridmint.market.ledger;
