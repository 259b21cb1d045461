/**
 * Transactions: the signed envelope, the sealed set of payloads and their wire and log format.
 */
package dev.gridmint.core.tx;
