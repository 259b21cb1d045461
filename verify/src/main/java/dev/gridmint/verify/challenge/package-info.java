/**
 * Proof-of-GPU: a checker sends a seeded matrix product sized to the claimed device, the provider
 * multiplies, commits to the rows of the product in a Merkle tree and opens rows chosen by the
 * commitment itself (Fiat–Shamir), and the checker recomputes only those rows (O(k·n²) against the
 * provider's O(n³)) and times the answer against the claimed model's throughput. A slower device
 * misses the deadline, a faster-than-possible answer is implausible, a wrong product fails its
 * rows, and the signed response is bound to one challenge and one provider.
 */
package dev.gridmint.verify.challenge;
