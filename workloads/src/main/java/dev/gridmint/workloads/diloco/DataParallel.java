package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The second baseline: synchronous data-parallel training. Every step each of K replicas computes the
 * gradient of a batch of its shard and sends it up in fp32 (a {@link DeltaMessage} frame); the
 * token-weighted mean goes back down in fp32 (a {@link Broadcast}); every replica applies it with its own
 * AdamW, so all K keep bit-identical θ. Worker 0 doubles as the aggregator and names the resulting θ.
 */
public final class DataParallel {

    private DataParallel() {
    }

    public static TrainingRun train(ReplicaFactory factory, long seed, int workers, int steps,
            AdamW.Settings inner, int evalEvery, int threads) {
        if (workers < 1 || steps < 1 || evalEvery < 1 || threads < 1) {
            throw new IllegalArgumentException("workers, steps, evalEvery and threads must be >= 1");
        }
        List<Replica> replicas = new ArrayList<>();
        List<AdamW> optimizers = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            Replica replica = factory.create(seed, k, workers);
            replicas.add(replica);
            optimizers.add(new AdamW(replica.parameters(), inner));
        }
        List<LossPoint> curve = new ArrayList<>();
        Traffic traffic = Traffic.NONE;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int step = 1; step <= steps; step++) {
                long round = step;
                List<Callable<DeltaMessage>> tasks = new ArrayList<>();
                for (int k = 0; k < workers; k++) {
                    int worker = k;
                    tasks.add(() -> gradient(replicas.get(worker), optimizers.get(worker), round, worker));
                }
                List<DeltaMessage> gradients = InOrder.run(pool, tasks);
                for (DeltaMessage g : gradients) {
                    traffic = traffic.plusUp(g.sizeBytes());
                }
                Broadcast mean = applyEverywhere(replicas, optimizers, round, weightedMean(gradients));
                traffic = traffic.plusDown((long) mean.sizeBytes() * workers);
                if (step % evalEvery == 0 || step == steps) {
                    curve.add(new LossPoint(step, replicas.getFirst().validationLoss()));
                }
            }
        }
        String hash = ParameterVector.sha256(ParameterVector.values(replicas.getFirst().parameters()));
        for (Replica r : replicas) {
            if (!ParameterVector.sha256(ParameterVector.values(r.parameters())).equals(hash)) {
                throw new IllegalStateException("data-parallel replicas diverged");
            }
        }
        return new TrainingRun(curve, hash, traffic);
    }

    private static DeltaMessage gradient(Replica replica, AdamW optimizer, long step, int worker) {
        optimizer.zeroGrad();
        int tokens = replica.accumulateGradients().tokens();
        return DeltaMessage.of(step, worker, worker, tokens, Encoding.FP32,
                ParameterVector.gradients(replica.parameters()));
    }

    /** The token-weighted mean of one step's gradients, summed in list order so the result is reproducible. */
    public static double[] weightedMean(List<DeltaMessage> gradients) {
        long total = 0;
        for (DeltaMessage g : gradients) {
            total = Math.addExact(total, g.tokens());
        }
        double[] mean = new double[gradients.getFirst().count()];
        for (DeltaMessage g : gradients) {
            double weight = (double) g.tokens() / total;
            double[] values = g.values();
            for (int i = 0; i < mean.length; i++) {
                mean[i] += weight * values[i];
            }
        }
        return mean;
    }

    /** Encodes the mean gradient once and has every replica step on the decoded copy. */
    private static Broadcast applyEverywhere(List<Replica> replicas, List<AdamW> optimizers, long step,
            double[] mean) {
        byte[] payload = Encoding.FP32.encode(mean);
        double[] decoded = Encoding.FP32.decode(payload, mean.length);
        for (int k = 0; k < replicas.size(); k++) {
            ParameterVector.setGradients(replicas.get(k).parameters(), decoded);
            optimizers.get(k).step();
        }
        String hash = ParameterVector.sha256(ParameterVector.values(replicas.getFirst().parameters()));
        return new Broadcast(Broadcast.Kind.UPDATE, step, Encoding.FP32, mean.length, hash, payload);
    }
}
