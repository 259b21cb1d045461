/** Reverse auctions, Akash style: a bid window, provider and automatic bids, a tenant pick or an auto rule. */
package dev.gridmint.market.auction;
