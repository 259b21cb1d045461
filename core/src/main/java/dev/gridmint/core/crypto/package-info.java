/**
 * Identities: raw Ed25519 keys, base58 addresses and keypair files in the Solana CLI format, so
 * one wallet serves Gridmint and Solana; and SHA-256 hashes.
 *
 * <p>Ed25519 sits behind {@link dev.gridmint.core.crypto.Ed25519Engine}, with three engines:
 * the JDK's provider, BouncyCastle's pure-Java {@code rfc8032.Ed25519} (core's one signature
 * library) and libsodium through the FFM API. {@link dev.gridmint.core.crypto.Ed25519} picks
 * the fastest present, overridable with {@code -Dgridmint.ed25519=jdk|bouncycastle|libsodium}.
 * All of them apply the same strict rule ({@code Ed25519Rules}) before the group equation, so
 * they accept exactly the same signatures.
 *
 * <p><b>The one exception to core's "no I/O" rule</b> is {@code LibsodiumEd25519Engine}: it
 * loads a system library ({@code libsodium.so.23}) once, through
 * {@code java.lang.foreign}, and needs {@code --enable-native-access=ALL-UNNAMED} (the launcher,
 * the devnet's child JVMs and surefire pass it). It fails soft: without the library the ledger
 * runs on BouncyCastle, with the same results. It lives here, rather than in node, so that
 * every process (the CLI's wallet commands included) gets the same engine without wiring, and
 * so that the sealed engine interface can keep the set of verifiers closed. An ArchUnit rule
 * keeps {@code java.lang.foreign} out of every other core class.
 */
package dev.gridmint.core.crypto;
