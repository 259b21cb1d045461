package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.optim.AdamW;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * A synchronous data-parallel worker on the same round service: every step (a round of one step) it uploads
 * its fp32 gradient on its own shard, then applies the averaged gradient the service sends down with its own
 * AdamW, and checks that its θ is the one the service names. There is no rejoining: data-parallel training
 * is the baseline that stops without every worker.
 */
public final class DdpWorker {

    private final RoundTransport transport;
    private final Replica replica;
    private final AdamW optimizer;
    private final int worker;

    public DdpWorker(RoundTransport transport, TrainingModel model, SessionInfo info, int worker) {
        this.transport = transport;
        this.worker = worker;
        this.replica = model.factory().create(info.seed(), worker, info.shards());
        this.optimizer = new AdamW(replica.parameters(), model.inner());
    }

    /** Runs steps until the session is done; returns the final θ hash. */
    public String run(Consumer<WorkerReport> reports) throws IOException {
        long next = 1;
        while (true) {
            switch (transport.checkin(next)) {
                case Assignment.Wait ignored -> { }
                case Assignment.Done done -> {
                    catchUp(next - 1, done.thetaHash());
                    return done.thetaHash();
                }
                case Assignment.Work work -> {
                    catchUp(work.round() - 1, work.thetaHash());
                    reports.accept(step(work));
                    next = work.round() + 1;
                }
            }
        }
    }

    private WorkerReport step(Assignment.Work work) throws IOException {
        replica.seek(work.cursor());
        optimizer.zeroGrad();
        Replica.BatchLoss batch = replica.accumulateGradients();
        transport.upload(DeltaMessage.of(work.round(), worker, work.shard(), batch.tokens(), Encoding.FP32,
                ParameterVector.gradients(replica.parameters())));
        return new WorkerReport(work.round(), work.shard(), batch.loss(), batch.tokens());
    }

    /** Applies the mean gradient of step {@code step} unless θ already is {@code wanted}; then checks θ. */
    private void catchUp(long step, String wanted) throws IOException {
        if (!hash().equals(wanted) && step >= 1) {
            Broadcast mean = transport.update(step)
                    .orElseThrow(() -> new IOException("the service has no mean gradient for step " + step));
            ParameterVector.setGradients(replica.parameters(), mean.values());
            optimizer.step();
        }
        if (!hash().equals(wanted)) {
            throw new IOException("θ after step " + step + " differs from the service's " + wanted);
        }
    }

    private String hash() {
        return ParameterVector.sha256(ParameterVector.values(replica.parameters()));
    }
}
