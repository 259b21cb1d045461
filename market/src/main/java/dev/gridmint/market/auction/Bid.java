package dev.gridmint.market.auction;

import dev.gridmint.core.crypto.Address;

/** A provider's price for placing an auctioned order on one of its offers. */
public record Bid(long orderId, long offerId, Address provider, long pricePerGpuHour, long at, boolean auto) {}
