package dev.gridmint.sim.analysis;

import dev.gridmint.sim.config.SimConfig;
import dev.gridmint.sim.engine.RunResult;
import dev.gridmint.sim.engine.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * N seeded runs of one configuration on a fixed pool of threads. Each run's seed is drawn from
 * the base seed, in run order, before any run starts, and results are gathered in run order, so
 * the outcome is the same on one thread or many.
 */
public final class MonteCarlo {

    private MonteCarlo() {}

    /** The seed of every run, from the base seed. */
    public static long[] runSeeds(long seed, int runs) {
        var root = new SplittableRandom(seed);
        long[] seeds = new long[runs];
        for (int r = 0; r < runs; r++) {
            seeds[r] = root.nextLong();
        }
        return seeds;
    }

    /** Runs {@code runs} seeded runs on {@code threads} threads; {@code onRunDone} is called (from any thread) per run. */
    public static ScenarioResult run(SimConfig config, int runs, long seed, int threads, IntConsumer onRunDone)
            throws InterruptedException {
        if (runs < 1 || threads < 1) {
            throw new IllegalArgumentException("runs and threads must be positive");
        }
        long[] seeds = runSeeds(seed, runs);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs));
        try {
            var futures = new ArrayList<Future<RunResult>>();
            for (int r = 0; r < runs; r++) {
                long runSeed = seeds[r];
                futures.add(pool.submit(() -> {
                    RunResult result = Simulation.run(config, new SplittableRandom(runSeed));
                    onRunDone.accept(1);
                    return result;
                }));
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> future : futures) {
                results.add(future.get());
            }
            return ScenarioResult.of(config, results, DeathSpiral.SPEC);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a simulation run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
