package dev.gridmint.workloads.models;

import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.Objects;

/** A model the distributed trainers can run, by name: how to make its replicas and its inner AdamW settings. */
public record TrainingModel(String name, ReplicaFactory factory, AdamW.Settings inner) {

    public TrainingModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(inner, "inner");
    }
}
