package dev.gridmint.sim.tune;

import dev.gridmint.sim.config.EconomyParams;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * The incentive tuner: CMA-ES (Apache Commons Math) over the search space's unit cube, started at the economy's
 * own values, with a fixed budget of objective evaluations.
 *
 * <p>The start point is scored first and counts as a candidate, and the result is the best candidate seen, so the
 * tuned score is never below the start's. When CMA-ES stops early (its step size has collapsed) with budget left,
 * it restarts around the best point with half the step size, until the budget is spent. Candidates are rounded to
 * the parameters' grid, so a point proposed twice is simulated once. The optimiser draws from a Mersenne twister
 * seeded with {@code seed}, and the objective is deterministic for a candidate, so the whole search is too.
 */
public final class Tuner {

    /** The step size of the first search, in units of each parameter's range. */
    static final double INITIAL_SIGMA = 0.3;

    /** Hears of the search's progress (from the tuner's thread, and from worker threads for runs). */
    public interface Progress {
        /** {@code runs} simulation runs have finished (or were answered from the cache). */
        void runsDone(int runs);

        /** Evaluation {@code index} (1-based; 0 is the start point) has been scored; {@code best} is the best so far. */
        default void evaluated(int index, Score best) {}

        Progress NONE = runs -> {};
    }

    private final SearchSpace space;
    private final Objective objective;
    private final Progress progress;
    private final Map<List<Long>, Score> seen = new HashMap<>();
    private int evaluations;
    private List<Long> best;
    private Score bestScore;

    private Tuner(SearchSpace space, Objective objective, Progress progress) {
        this.space = space;
        this.objective = objective;
        this.progress = progress;
    }

    /**
     * Searches {@code space} from the values in {@code start} with {@code budget} evaluations besides the start's,
     * the optimiser seeded with {@code seed}.
     */
    public static TuneResult tune(SearchSpace space, EconomyParams start, Objective objective, int budget, long seed,
            Progress progress) throws InterruptedException {
        if (budget < 0) {
            throw new IllegalArgumentException("the evaluation budget must not be negative");
        }
        var tuner = new Tuner(space, objective, progress);
        List<Long> startValues = space.valuesOf(start);
        Score startScore = tuner.evaluate(start, startValues);
        try {
            tuner.search(start, startValues, budget, seed);
        } catch (Interrupted e) {
            throw e.cause;
        }
        return new TuneResult(space, start, startValues, startScore, tuner.best, tuner.bestScore,
                space.apply(start, tuner.best), tuner.evaluations, tuner.seen.size());
    }

    private void search(EconomyParams start, List<Long> startValues, int budget, long seed) {
        int n = space.dimensions();
        double[] lower = new double[n];
        double[] upper = new double[n];
        Arrays.fill(upper, 1.0);
        var random = new MersenneTwister(seed);
        double sigma = INITIAL_SIGMA;
        double[] from = space.toUnit(startValues);
        int left = budget;
        while (left > 0) {
            int before = evaluations;
            // No fitness target (−∞) and no iteration cap that binds: the budget is what stops it.
            var optimizer = new CMAESOptimizer(Integer.MAX_VALUE, Double.NEGATIVE_INFINITY, true, 0, 0, random, false, null);
            double[] sigmas = new double[n];
            Arrays.fill(sigmas, sigma);
            try {
                optimizer.optimize(new MaxEval(left),
                        new ObjectiveFunction(point -> -evaluate(start, space.fromUnit(point)).total()),
                        GoalType.MINIMIZE, new InitialGuess(from), new SimpleBounds(lower, upper),
                        new CMAESOptimizer.Sigma(sigmas), new CMAESOptimizer.PopulationSize(populationSize(n)));
            } catch (TooManyEvaluationsException e) {
                return;
            }
            left -= Math.max(1, evaluations - before);
            from = space.toUnit(best);
            sigma /= 2;
        }
    }

    /** CMA-ES's usual population, 4 + ⌊3 ln n⌋. */
    static int populationSize(int dimensions) {
        return 4 + (int) Math.floor(3 * Math.log(dimensions));
    }

    private Score evaluate(EconomyParams start, List<Long> values) {
        Score score = seen.get(values);
        if (score == null) {
            try {
                score = objective.evaluate(space.apply(start, values), progress::runsDone);
            } catch (InterruptedException e) {
                throw new Interrupted(e);
            }
            seen.put(values, score);
        } else {
            progress.runsDone(objective.runsPerEvaluation());
        }
        // Strictly better only: on a tie the earlier candidate (the start first of all) stays.
        if (bestScore == null || score.total() > bestScore.total()) {
            best = values;
            bestScore = score;
        }
        progress.evaluated(evaluations, bestScore);
        evaluations++;
        return score;
    }

    /** Carries an interruption out through the optimiser, which only lets unchecked exceptions pass. */
    private static final class Interrupted extends RuntimeException {
        private final InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }
}
