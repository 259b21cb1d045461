package dev.gridmint.workloads.diloco;

import java.util.Objects;

/** A Δ as it reached the aggregator, at logical time {@code arrivedAt}. */
public record Submission(DeltaMessage message, long arrivedAt) {

    public Submission {
        Objects.requireNonNull(message, "message");
    }
}
