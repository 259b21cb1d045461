/**
 * Verification of untrusted providers, as pure and seeded logic: it reads no clock and no global
 * randomness, so a checker, a provider, a test and the adversarial benchmark compute the same
 * verdicts from the same inputs. Time arrives as numbers (or a clock function the caller owns) and
 * randomness as 32-byte seeds, expanded by {@link dev.gridmint.verify.Seeds}; floats are hashed and
 * signed as {@link dev.gridmint.verify.FloatBytes}. The sub-packages:
 * {@code challenge} (proof-of-GPU), {@code audit} (who checks whom), {@code spotcheck} (adaptive
 * re-execution, stake sizing, referees), {@code aggregate} (checker votes into outcomes),
 * {@code sybil} (one machine behind many identities) and {@code adversary} (the benchmark that
 * drives all of them against cheaters). The ledger side (verdict transactions, slashing) lives in
 * core; the processes that send challenges and answer them live in node.
 */
package dev.gridmint.verify;
