/**
 * The market's indexes: free capacity bucketed for sublinear best-node lookups, and the price
 * index of matched prices per GPU model.
 */
package dev.gridmint.market.index;
