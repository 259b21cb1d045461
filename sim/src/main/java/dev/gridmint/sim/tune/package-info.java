/**
 * The incentive tuner (issue 10): CMA-ES over the governance parameters that shape the incentives (emission decay,
 * fee, spread, work/availability split, stake unit, net-emission cap), scored on provider retention, price
 * stability and utilisation across seeded Monte Carlo scenarios, under the constraint that no economy scenario
 * spirals while the speculative-only control still does. Pure and seeded like the rest of the simulator: the same
 * seed gives the same search and the same result.
 */
package dev.gridmint.sim.tune;
