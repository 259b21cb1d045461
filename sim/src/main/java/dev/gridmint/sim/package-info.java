/**
 * The tokenomics simulator (issue 10): agent-based daily epochs whose economic steps call core's
 * own rules ({@code dev.gridmint.core.economics}), Monte Carlo runs over named scenarios, and the
 * death-spiral flag. Pure like core: no clock, and every random draw comes from a seeded
 * {@link java.util.SplittableRandom} passed in.
 */
package dev.gridmint.sim;
