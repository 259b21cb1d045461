/** How a node is scored for an order: one integer effective price, shared by the index, the baseline scan and auctions. */
package dev.gridmint.market.scoring;
