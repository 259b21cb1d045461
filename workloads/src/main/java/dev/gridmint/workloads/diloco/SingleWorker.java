package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.ArrayList;
import java.util.List;

/** The first baseline: one replica on all the data (shard 0 of 1), plain AdamW, nothing sent anywhere. */
public final class SingleWorker {

    private SingleWorker() {
    }

    /** Trains for {@code steps} steps, recording the validation loss every {@code evalEvery} and at the end. */
    public static TrainingRun train(ReplicaFactory factory, long seed, int steps, AdamW.Settings inner,
            int evalEvery) {
        if (steps < 1 || evalEvery < 1) {
            throw new IllegalArgumentException("steps and evalEvery must be >= 1");
        }
        Replica replica = factory.create(seed, 0, 1);
        AdamW optimizer = new AdamW(replica.parameters(), inner);
        List<LossPoint> curve = new ArrayList<>();
        for (int step = 1; step <= steps; step++) {
            optimizer.zeroGrad();
            replica.accumulateGradients();
            optimizer.step();
            if (step % evalEvery == 0 || step == steps) {
                curve.add(new LossPoint(step, replica.validationLoss()));
            }
        }
        return new TrainingRun(curve, ParameterVector.sha256(ParameterVector.values(replica.parameters())),
                Traffic.NONE);
    }
}
