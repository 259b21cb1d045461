package dev.gridmint.workloads.diloco;

import java.util.List;

/** What every trainer returns: its loss curve, the hash of its final θ and the bytes it moved. */
public record TrainingRun(List<LossPoint> curve, String finalThetaHash, Traffic traffic) {

    public TrainingRun {
        curve = List.copyOf(curve);
    }

    public double finalValidationLoss() {
        return curve.getLast().validationLoss();
    }
}
