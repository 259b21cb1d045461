package dev.gridmint.workloads.names;

/**
 * One point of the training curve.
 *
 * @param step       the number of optimizer steps taken so far, {@code 1 … totalSteps}
 * @param totalSteps the configured number of steps
 * @param trainLoss  the mean minibatch training loss over the steps since the previous report (a running
 *                   measure that costs nothing extra; it is measured before each step's update)
 * @param valLoss    the mean loss over the <em>full</em> validation set with the parameters after {@code step}
 */
public record TrainingProgress(int step, int totalSteps, double trainLoss, double valLoss) {

    public TrainingProgress {
        if (step < 1 || step > totalSteps) {
            throw new IllegalArgumentException("step " + step + " is outside 1.." + totalSteps);
        }
    }
}
