/**
 * Spot checks of real jobs: BOINC-style adaptive replication (how often a provider's job is
 * re-executed elsewhere), the stake that makes cheating at that rate a loss, how a re-run is
 * compared with the original (exactly, within a float tolerance, or by a TOPLOC-like top-k
 * fingerprint), and the referee round that settles a disagreement by a majority of 2N+1 re-runs.
 */
package dev.gridmint.verify.spotcheck;
