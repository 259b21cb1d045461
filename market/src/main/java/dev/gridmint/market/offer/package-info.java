/**
 * What providers put on the market: a node's hardware, where it is, when it is free, and the
 * owner's price rule. Values only; the capacity left on each node lives in the index.
 */
package dev.gridmint.market.offer;
