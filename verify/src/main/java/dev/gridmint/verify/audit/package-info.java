/**
 * Who audits whom in an epoch. A checker's selection seed is its Ed25519 signature over the
 * epoch's randomness: Ed25519 signatures are deterministic, so the seed is unique and anyone can
 * verify it with the checker's public key, yet nobody without the checker's secret key, the
 * audited provider included, can compute it in advance. Targets follow from the seed by ranking
 * hashes, so a checker cannot choose them either.
 */
package dev.gridmint.verify.audit;
