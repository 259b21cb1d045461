package dev.gridmint.market.offer;

/** Where a node is: a market region such as {@code eu-west} and an ISO country code. */
public record Location(String region, String country) {

    public Location {
        if (region == null || region.isBlank() || region.length() > 64) {
            throw new IllegalArgumentException("a region needs 1..64 characters");
        }
        if (country == null || country.length() != 2) {
            throw new IllegalArgumentException("a country is a two-letter ISO code");
        }
    }
}
