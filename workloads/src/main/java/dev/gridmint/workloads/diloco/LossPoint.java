package dev.gridmint.workloads.diloco;

/** The validation loss (mean nats per token) after {@code step} optimizer steps per worker. */
public record LossPoint(long step, double validationLoss) {}
