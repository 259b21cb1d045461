package dev.gridmint.verify.sybil;

import dev.gridmint.core.crypto.Address;

/** One challenge's response time for an identity, in the challenge slot it was sent in. */
public record TimingSample(Address provider, long slot, double responseSeconds) {}
