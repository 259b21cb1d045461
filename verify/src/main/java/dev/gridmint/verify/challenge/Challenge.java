package dev.gridmint.verify.challenge;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;

/**
 * One proof-of-GPU challenge: multiply the n×n matrices derived from {@code seed} in
 * {@code precision}, and answer within {@code deadlineNanos} of receiving it. The id hashes every
 * field, so a response signed over it answers exactly this challenge, from exactly this provider.
 */
public record Challenge(Address checker, Address provider, Hash seed, long round, int n, Precision precision, String claimedModel,
                        long deadlineNanos) {

    private static final String DOMAIN = "gridmint/verify/challenge/v1";

    public Challenge {
        if (n < 1 || deadlineNanos < 1 || round < 0) {
            throw new IllegalArgumentException("n and the deadline must be positive, the round non-negative");
        }
    }

    public Hash id() {
        return Hash.sha256(new ByteWriter().text(DOMAIN).address(checker).address(provider).hash(seed).i64(round).i32(n)
                .text(precision.name()).text(claimedModel).i64(deadlineNanos).toByteArray());
    }

    /** The multiply-adds of the product, counted as two operations each. */
    public double flops() {
        return 2.0 * n * n * (double) n;
    }
}
