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
        Run run = new Run(factory, config);
        List<RoundOutcome> outcomes = new ArrayList<>();
        List<LossPoint> curve = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(config.threads())) {
            for (long round = 0; round < config.rounds(); round++) {
                outcomes.add(run.round(round, pool));
                curve.add(new LossPoint((round + 1) * config.innerSteps(), run.validationLoss()));
            }
        }
        return new Result(new TrainingRun(curve, run.aggregator.thetaHash(), run.traffic), outcomes);
    }

    /** The state of one run: the aggregator, each worker's θ (null while it is down) and the bytes so far. */
    private static final class Run {

        private final ReplicaFactory factory;
        private final DilocoConfig config;
        private final Aggregator aggregator;
        private final WorkerRound inner;
        private final Replica evaluator;
        private final Map<Integer, Replica> shardReplicas = new HashMap<>();
        private final double[][] workerTheta;
        /** The θ hash of the latest manifest: what every worker must hold. */
        private String published;
        private Traffic traffic = Traffic.NONE;

        Run(ReplicaFactory factory, DilocoConfig config) {
            this.factory = factory;
            this.config = config;
            this.evaluator = factory.create(config.seed(), 0, config.workers());
            this.aggregator = new Aggregator(ParameterVector.values(evaluator.parameters()), config.outer());
            this.inner = new WorkerRound(config.innerSteps(), config.inner());
            this.published = aggregator.thetaHash();
            this.workerTheta = new double[config.workers()][];
            for (int w = 0; w < config.workers(); w++) {
                workerTheta[w] = aggregator.theta(); // every worker derives θ0 from the seed; nothing is sent
            }
        }

        RoundOutcome round(long round, ExecutorService pool) {
            List<Integer> members = IntStream.range(0, config.workers()).filter(w -> config.isMember(w, round))
                    .boxed().toList();
            members.forEach(w -> joinIfDown(w, round));
            RoundPlan plan = aggregator.plan(round, members, DEADLINE);
            List<Submission> submissions = new ArrayList<>();
            for (DeltaMessage m : InOrder.run(pool, tasks(plan))) {
                submissions.add(new Submission(m, DEADLINE));
                traffic = traffic.plusUp(m.sizeBytes());
            }
            RoundOutcome outcome = aggregator.close(plan, submissions);
            if (outcome instanceof RoundOutcome.Applied applied) {
                deliver(applied);
            }
            return outcome;
        }

        private void joinIfDown(int worker, long round) {
            if (workerTheta[worker] == null) {
                Broadcast snapshot = aggregator.thetaForJoiner(round);
                workerTheta[worker] = receive(published, snapshot.values(), round);
                traffic = traffic.plusJoin(snapshot.sizeBytes());
            }
        }

        /** One task per assigned worker that survives the round; a crashing worker loses its θ instead. */
        private List<Callable<DeltaMessage>> tasks(RoundPlan plan) {
            List<Callable<DeltaMessage>> tasks = new ArrayList<>();
            for (RoundPlan.Assignment a : plan.assignments()) {
                if (config.crashes(a.worker(), plan.round())) {
                    workerTheta[a.worker()] = null;
                    continue;
                }
                Replica replica = shardReplicas.computeIfAbsent(a.shard(),
                        s -> factory.create(config.seed(), s, config.workers()));
                double[] theta = workerTheta[a.worker()];
                tasks.add(() -> {
                    WorkerRound.Result result = inner.run(replica, theta, plan.round());
                    return DeltaMessage.of(plan.round(), a.worker(), a.shard(), result.tokens(), config.encoding(),
                            result.delta());
                });
            }
            return tasks;
        }

        /** Every worker that is up applies the decoded update and checks it now holds the published θ. */
        private void deliver(RoundOutcome.Applied applied) {
            published = applied.manifest().thetaHash();
            double[] update = applied.update().values();
            for (double[] theta : workerTheta) {
                if (theta != null) {
                    Aggregator.applyUpdate(theta, update);
                    receive(published, theta, applied.round());
                    traffic = traffic.plusDown(applied.update().sizeBytes());
                }
            }
        }

        double validationLoss() {
            ParameterVector.setValues(evaluator.parameters(), aggregator.theta());
            return evaluator.validationLoss();
        }
    }

    /** A worker's θ after an update or a download, checked against the θ hash of the latest manifest. */
    private static double[] receive(String published, double[] theta, long round) {
        if (!ParameterVector.sha256(theta).equals(published)) {
            throw new IllegalStateException("a worker's θ differs from the published one in round " + round);
        }
        return theta;
    }
}
