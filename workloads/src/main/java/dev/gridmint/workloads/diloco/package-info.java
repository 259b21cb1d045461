/**
 * DiLoCo (Douillard et al., "DiLoCo: Distributed Low-Communication Training of Language Models", 2023) and
 * its two baselines, as pure, deterministic algorithms over {@link dev.gridmint.workloads.train.Replica}s.
 *
 * <ul>
 *   <li>the wire: {@link dev.gridmint.workloads.diloco.Encoding} (fp32, or
 *       {@link dev.gridmint.workloads.diloco.Int8Quantizer int8 per chunk}),
 *       {@link dev.gridmint.workloads.diloco.DeltaMessage} (a worker's Δ, up) and
 *       {@link dev.gridmint.workloads.diloco.Broadcast} (an update or θ, down), strictly parsed;
 *   <li>the round: {@link dev.gridmint.workloads.diloco.Aggregator} plans a
 *       {@link dev.gridmint.workloads.diloco.RoundPlan}, judges each Δ with
 *       {@link dev.gridmint.workloads.diloco.DeltaCheck}, takes the
 *       {@link dev.gridmint.workloads.diloco.NesterovOuter} step and writes a
 *       {@link dev.gridmint.workloads.diloco.RoundManifest}; a worker's side is
 *       {@link dev.gridmint.workloads.diloco.WorkerRound};
 *   <li>the trainers, in-process: {@link dev.gridmint.workloads.diloco.SingleWorker},
 *       {@link dev.gridmint.workloads.diloco.DataParallel} and {@link dev.gridmint.workloads.diloco.Diloco},
 *       each returning a {@link dev.gridmint.workloads.diloco.TrainingRun} with the bytes it moved.
 * </ul>
 *
 * No clock and no global randomness: logical time, membership and seeds are passed in. Trainers may run a
 * round's workers on a thread pool, but take the results in member order, so scheduling never shows.
 * See {@code docs/training.md}.
 */
package dev.gridmint.workloads.diloco;
