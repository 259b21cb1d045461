package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Address;

/**
 * What a wallet signs about its own API keys: good once ({@code nonce}) and only until {@code expires}
 * (ledger seconds), so a captured request cannot be sent again later.
 */
public sealed interface KeyStatement permits KeyGrant, KeyRevocation {

    /** The longest a statement may be valid for, from when it is checked. */
    long MAX_LIFETIME_SECONDS = 600;

    Address wallet();

    long nonce();

    long expires();

    /** Whether the signature is the wallet's over this statement on {@code networkId}. */
    boolean signedFor(String networkId);
}
