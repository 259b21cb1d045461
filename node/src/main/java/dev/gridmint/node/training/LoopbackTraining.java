package dev.gridmint.node.training;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.LossPoint;
import dev.gridmint.workloads.diloco.Traffic;
import dev.gridmint.workloads.models.TrainingModel;
import dev.gridmint.workloads.train.ParameterVector;
import dev.gridmint.workloads.train.Replica;
import dev.gridmint.workloads.worker.SessionInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * One training session run to the end with worker JVMs on this machine, talking to a round service on
 * loopback: the harness of {@code gridmint bench train} and of the failure tests. It registers a fresh
 * Ed25519 key per worker, starts the workers, optionally SIGKILLs one mid-round and starts it again later,
 * and records the validation loss of the service's θ after every round.
 */
public final class LoopbackTraining {

    /** Seconds a worker may take to exit once the session is done. */
    private static final long EXIT_SECONDS = 60;

    /**
     * Worker {@code worker} is SIGKILLed while it trains round {@code killInRound}. A new JVM for it is started
     * at once, but checks in only for round {@code rejoinAtRound} (the test-only {@code --from-round}), so the
     * worker is away for a known number of rounds however long a JVM takes to start; it then joins at that
     * round boundary, downloading θ.
     */
    public record Dropout(int worker, long killInRound, long rejoinAtRound) {

        public Dropout {
            if (worker < 0 || killInRound < 0 || rejoinAtRound <= killInRound) {
                throw new IllegalArgumentException("need worker >= 0 and killInRound < rejoinAtRound");
            }
        }
    }

    /**
     * A session to run. {@code rounds} are DiLoCo rounds, or optimizer steps for data-parallel training (the
     * loss is then recorded every {@code info.innerSteps()} steps). {@code cheats} maps a worker to its
     * test-only {@code --cheat} value.
     */
    public record Spec(String session, SessionInfo info, TrainingModel model, int rounds, int quorum,
            DeltaCheck check, long roundMillis, long startMillis, Map<Integer, String> cheats,
            Optional<Dropout> dropout) {

        public Spec {
            cheats = Map.copyOf(cheats);
        }
    }

    /**
     * How the run went: the loss curve, the final θ, the bytes the service moved, its events, the workers'
     * exit codes and the manifest bytes of each applied round (DiLoCo).
     */
    public record Outcome(List<LossPoint> curve, String thetaHash, Traffic traffic, List<TrainingEvent> events,
            List<Integer> exitCodes, Map<Long, byte[]> manifests) {

        public Outcome {
            curve = List.copyOf(curve);
            events = List.copyOf(events);
            exitCodes = List.copyOf(exitCodes);
            manifests = Map.copyOf(manifests);
        }

        public double finalValidationLoss() {
            return curve.getLast().validationLoss();
        }
    }

    private final TrainingService service;
    private final String url;
    private final Path dir;

    /** Runs sessions on {@code service}, served at {@code url}; keys and worker logs go under {@code dir}. */
    public LoopbackTraining(TrainingService service, String url, Path dir) {
        this.service = service;
        this.url = url;
        this.dir = dir;
    }

    /** Runs {@code spec} to the end; {@code progress} hears the number of each closed round. */
    public Outcome run(Spec spec, LongConsumer progress) throws IOException, InterruptedException {
        Path sessionDir = Files.createDirectories(dir.resolve(spec.session()));
        int workers = spec.info().shards();
        Map<Integer, Address> registered = new HashMap<>();
        List<Path> keys = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int w = 0; w < workers; w++) {
            Keypair key = Keypair.generate(random);
            Path file = sessionDir.resolve("worker-" + w + ".key");
            KeypairFile.write(file, key);
            keys.add(file);
            registered.put(w, key.address());
        }
        List<TrainingEvent> events = new CopyOnWriteArrayList<>();
        Map<Long, double[]> thetas = new ConcurrentHashMap<>();
        AtomicReference<TrainingSession> opened = new AtomicReference<>();
        // called by the session as a round closes, under its lock: θ is the round's, evaluated after the run
        Consumer<TrainingEvent> listener = event -> {
            events.add(event);
            if (event instanceof TrainingEvent.RoundClosed closed) {
                long step = stepAfter(spec, closed.round());
                if (step % spec.info().innerSteps() == 0) {
                    thetas.put(step, opened.get().thetaValues());
                }
                progress.accept(closed.round());
            }
        };
        TrainingSession session = open(spec, registered, listener);
        opened.set(session);
        service.open(session);
        try {
            String command = spec.info().mode() == SessionInfo.Mode.DDP ? "ddp-worker" : "diloco-worker";
            WorkerProcess[] processes = new WorkerProcess[workers];
            for (int w = 0; w < workers; w++) {
                processes[w] = start(command, spec, w, keys.get(w), sessionDir, 0);
            }
            superviseDropout(spec, session, processes, command, keys, sessionDir);
            List<Integer> exits = new ArrayList<>();
            for (WorkerProcess p : processes) {
                exits.add(p.await(EXIT_SECONDS));
            }
            Map<Long, byte[]> manifests = new HashMap<>();
            for (long round = 0; round < spec.rounds(); round++) {
                long r = round;
                session.manifest(r).ifPresent(bytes -> manifests.put(r, bytes));
            }
            return new Outcome(curve(spec, thetas), session.thetaHash(), session.traffic(), events, exits,
                    manifests);
        } finally {
            service.remove(spec.session());
        }
    }

    private WorkerProcess start(String command, Spec spec, int worker, Path key, Path sessionDir, long fromRound)
            throws IOException {
        List<String> extra = new ArrayList<>();
        String cheat = spec.cheats().get(worker);
        if (cheat != null) {
            extra.addAll(List.of("--cheat", cheat));
        }
        if (fromRound > 0) {
            extra.addAll(List.of("--from-round", Long.toString(fromRound)));
        }
        return WorkerProcess.start(command, url, spec.session(), worker, key, sessionDir, extra);
    }

    /** Waits for the session to end, killing and restarting the dropout's worker on the way. */
    private void superviseDropout(Spec spec, TrainingSession session, WorkerProcess[] processes, String command,
            List<Path> keys, Path sessionDir) throws IOException, InterruptedException {
        boolean killed = false;
        while (!session.done()) {
            if (!killed && spec.dropout().isPresent() && session instanceof DilocoSession diloco) {
                Dropout d = spec.dropout().get();
                if (diloco.round() == d.killInRound() && diloco.working(d.worker())) {
                    processes[d.worker()].kill();
                    processes[d.worker()] = start(command, spec, d.worker(), keys.get(d.worker()), sessionDir,
                            d.rejoinAtRound());
                    killed = true;
                }
            }
            if (allExited(processes)) {
                throw new IOException("every worker exited before the session was done; see " + sessionDir);
            }
            Thread.sleep(2);
        }
    }

    private static boolean allExited(WorkerProcess[] processes) {
        for (WorkerProcess p : processes) {
            if (p.alive()) {
                return false;
            }
        }
        return true;
    }

    private TrainingSession open(Spec spec, Map<Integer, Address> registered, Consumer<TrainingEvent> listener) {
        return switch (spec.info().mode()) {
            case DILOCO -> new DilocoSession(new DilocoSession.Settings(spec.session(), spec.info(), spec.rounds(),
                    spec.quorum(), spec.check(), spec.roundMillis(), spec.startMillis(), registered),
                    initialTheta(spec), listener, service.now());
            case DDP -> new DdpSession(new DdpSession.Settings(spec.session(), spec.info(), spec.rounds(),
                    registered), spec.model(), listener);
        };
    }

    /** θ0, derived from the seed exactly as every worker derives it. */
    private static double[] initialTheta(Spec spec) {
        Replica replica = spec.model().factory().create(spec.info().seed(), 0, spec.info().shards());
        return ParameterVector.values(replica.parameters());
    }

    /** Optimizer steps per worker once {@code round} has closed. */
    private static long stepAfter(Spec spec, long round) {
        return switch (spec.info().mode()) {
            case DILOCO -> (round + 1) * spec.info().innerSteps();
            case DDP -> round;
        };
    }

    private static List<LossPoint> curve(Spec spec, Map<Long, double[]> thetas) {
        Replica evaluator = spec.model().factory().create(spec.info().seed(), 0, spec.info().shards());
        List<LossPoint> curve = new ArrayList<>();
        thetas.keySet().stream().sorted().forEach(step -> {
            ParameterVector.setValues(evaluator.parameters(), thetas.get(step));
            curve.add(new LossPoint(step, evaluator.validationLoss()));
        });
        if (curve.isEmpty()) {
            throw new IllegalStateException("session " + spec.session() + " closed no round");
        }
        return curve;
    }
}
