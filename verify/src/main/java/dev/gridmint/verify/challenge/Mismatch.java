package dev.gridmint.verify.challenge;

/** Evidence of a wrong product: an entry of C whose claimed value is further from the recomputed one than the tolerance allows. */
public record Mismatch(int row, int column, double expected, double claimed, double tolerance) {}
