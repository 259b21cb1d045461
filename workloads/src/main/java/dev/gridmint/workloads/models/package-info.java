/** The models the distributed trainers run, chosen by name: {@link dev.gridmint.workloads.models.TrainingModels}. */
package dev.gridmint.workloads.models;
