package dev.gridmint.verify.aggregate;

import dev.gridmint.core.crypto.Address;

/** One checker's score for the provider, 0..1000, and the stake behind it. */
public record CheckerScore(Address checker, long stake, int score) {}
