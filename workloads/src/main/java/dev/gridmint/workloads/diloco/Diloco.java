package dev.gridmint.workloads.diloco;

import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.train.ReplicaFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * DiLoCo in one process: an {@link Aggregator} and K workers that each keep their own copy of θ and
 * update it only from what comes down the wire (the encoded outer update, or the full θ when they join),
 * checking after each update that they hold the θ the aggregator named.
 *
 * <p>Each round: the members are the workers not dropped out; the aggregator assigns them shards; each
 * member runs its {@link WorkerRound} on the replica of its shard (on a thread pool; results are taken in
 * member order); a worker that crashes this round sends nothing; all others arrive on time (logical time
 * 0, deadline 0). The validation loss of the global θ is recorded after every round.
 */
public final class Diloco {

    private static final long DEADLINE = 0;

    private Diloco() {
    }

    /** The run, and how each of its rounds ended. */
    public record Result(TrainingRun run, List<RoundOutcome> rounds) {

        public Result {
            rounds = List.copyOf(rounds);
        }
    }

    public static Result train(ReplicaFactory factory, DilocoConfig config) {
        Map<Integer, Replica> shardReplicas = new HashMap<>();
        Replica evaluator = factory.create(config.seed(), 0, config.workers());
        Aggregator aggregator = new Aggregator(ParameterVector.values(evaluator.parameters()), config.outer());
        WorkerRound inner = new WorkerRound(config.innerSteps(), config.inner());
        double[][] workerTheta = new double[config.workers()][];
        for (int w = 0; w < config.workers(); w++) {
            workerTheta[w] = aggregator.theta(); // derived from the seed by every worker; nothing is sent
        }
        Traffic traffic = Traffic.NONE;
        List<LossPoint> curve = new ArrayList<>();
        List<RoundOutcome> outcomes = new ArrayList<>();
        String published = aggregator.thetaHash(); // the θ named by the latest manifest
        try (ExecutorService pool = Executors.newFixedThreadPool(config.threads())) {
            for (long round = 0; round < config.rounds(); round++) {
                long r = round;
                List<Integer> members = IntStream.range(0, config.workers()).filter(w -> config.isMember(w, r))
                        .boxed().toList();
                for (int w : members) {
                    if (workerTheta[w] == null) {
                        Broadcast snapshot = aggregator.thetaForJoiner(round);
                        workerTheta[w] = receive(published, snapshot.values(), round);
                        traffic = traffic.plusJoin(snapshot.sizeBytes());
                    }
                }
                RoundPlan plan = aggregator.plan(round, members, DEADLINE);
                List<Callable<DeltaMessage>> tasks = new ArrayList<>();
                for (RoundPlan.Assignment a : plan.assignments()) {
                    if (config.crashes(a.worker(), round)) {
                        workerTheta[a.worker()] = null;
                        continue;
                    }
                    Replica replica = shardReplicas.computeIfAbsent(a.shard(),
                            s -> factory.create(config.seed(), s, config.workers()));
                    double[] theta = workerTheta[a.worker()];
                    tasks.add(() -> {
                        WorkerRound.Result result = inner.run(replica, theta, r);
                        return DeltaMessage.of(r, a.worker(), a.shard(), result.tokens(), config.encoding(),
                                result.delta());
                    });
                }
                List<Submission> submissions = new ArrayList<>();
                for (DeltaMessage m : InOrder.run(pool, tasks)) {
                    submissions.add(new Submission(m, DEADLINE));
                    traffic = traffic.plusUp(m.sizeBytes());
                }
                RoundOutcome outcome = aggregator.close(plan, submissions);
                outcomes.add(outcome);
                if (outcome instanceof RoundOutcome.Applied applied) {
                    published = applied.manifest().thetaHash();
                    double[] update = applied.update().values();
                    for (double[] theta : workerTheta) {
                        if (theta != null) {
                            Aggregator.applyUpdate(theta, update);
                            receive(published, theta, round);
                            traffic = traffic.plusDown(applied.update().sizeBytes());
                        }
                    }
                }
                ParameterVector.setValues(evaluator.parameters(), aggregator.theta());
                curve.add(new LossPoint((round + 1) * config.innerSteps(), evaluator.validationLoss()));
            }
        }
        return new Result(new TrainingRun(curve, aggregator.thetaHash(), traffic), outcomes);
    }

    /** A worker's θ after an update or a download, checked against the θ hash of the latest manifest. */
    private static double[] receive(String published, double[] theta, long round) {
        if (!ParameterVector.sha256(theta).equals(published)) {
            throw new IllegalStateException("a worker's θ differs from the published one in round " + round);
        }
        return theta;
    }
}
