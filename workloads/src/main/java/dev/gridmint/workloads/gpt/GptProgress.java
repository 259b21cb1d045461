package dev.gridmint.workloads.gpt;

/**
 * One progress report of a {@link GptTrainer} run.
 *
 * @param trainLoss the mean batch loss since the previous report
 * @param valLoss   the mean loss per token over the whole validation set
 */
public record GptProgress(long step, long totalSteps, double trainLoss, double valLoss) {}
