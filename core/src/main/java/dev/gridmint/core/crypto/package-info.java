/**
 * Identities: raw Ed25519 keys over the JDK's provider, base58 addresses and keypair files in the
 * Solana CLI format, so one wallet serves Gridmint and Solana; and SHA-256 hashes.
 */
package dev.gridmint.core.crypto;
