package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.core.tx.TxPayload.AssignGang;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.AwardBid;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.TopUpEscrow;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.artifact.ArtifactSettings;
import dev.gridmint.node.artifact.ArtifactStore;
import dev.gridmint.node.inference.gateway.InferenceBilling;
import dev.gridmint.node.ledger.GroupCommitter;
import dev.gridmint.node.ledger.LedgerReplay;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.node.logs.LogBook;
import dev.gridmint.node.logs.LogLimits;
import dev.gridmint.node.training.JobLeases;
import dev.gridmint.node.training.JobSessions;
import dev.gridmint.node.training.TrainingApi;
import dev.gridmint.node.training.TrainingEvent;
import dev.gridmint.node.training.TrainingService;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LedgerStores;
import dev.gridmint.store.postgres.PostgresLedgerStore;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator process, wired in one place: store, sequencer, agent hub, scheduler (with the
 * in-memory order book it matches on, read by the API through {@link MarketApi}), liveness
 * sweep, the ledger clock and HTTP server. Construction starts everything; {@link #close()} stops it in reverse.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final LedgerStore store;
    private final Sequencer sequencer;
    private final GroupCommitter committer;
    private final EventStream events;
    private final Scheduler scheduler;
    private final ScheduledExecutorService liveness;
    private final TrainingService training;
    private final Javalin http;
    private final InferenceBilling billing;

    private Coordinator(CoordinatorConfig config, ArtifactSettings artifactSettings) {
        store = LedgerStores.open(config.store(), false);
        sequencer = Sequencer.open(store, config.snapshotEvery());
        ensureGenesis(config.genesis());
        String networkId = config.genesis().networkId();

        var telemetry = new JobTelemetry();
        events = new EventStream();
        var agents = new AgentHub(networkId, config.clock(), new SecureRandom(), config.heartbeatInterval(),
                sequencer::state, telemetry, events);
        var artifactStore = ArtifactStore.open(artifactSettings);
        var checkpoints = new CheckpointBook(artifactStore, sequencer::state, artifactSettings.dir().resolveSibling("checkpoints"));
        agents.setCheckpoints(checkpoints);
        scheduler = new Scheduler(sequencer, agents, config.key(), networkId, config.clock(), config.priceFeed(),
                new MarketBook(config.reclaimNotice().toSeconds()),
                (toHeight, each) -> LedgerReplay.walk(store, toHeight, each), checkpoints);
        agents.setListener(scheduler);
        sequencer.addListener(scheduler);
        sequencer.addListener((tx, before, after) -> events.publish("tx", txEvent(tx, after)));

        liveness = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("liveness").daemon().factory());
        long sweepMillis = Math.max(50, config.providerTimeout().toMillis() / 4);
        liveness.scheduleWithFixedDelay(
                () -> scheduler.providersLost(agents.expire(config.clock().instant().minus(config.providerTimeout()))),
                sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        liveness.schedule(scheduler::releaseLeasesOfAbsentProviders, config.providerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        long tickMillis = config.tickInterval().toMillis();
        liveness.scheduleWithFixedDelay(scheduler::keepTime, 0, tickMillis, TimeUnit.MILLISECONDS);

        // The DiLoCo round service, mounted for diloco jobs: only a key leasing the job may train in its session.
        training = new TrainingService(config.clock(), Duration.ofMillis(20));
        var trainingJobs = new JobSessions(training, sequencer::state, JobLeases.ofLedger(sequencer::state),
                event -> events.publish("training", trainingEvent(event)), artifactSettings.dir().resolveSibling("training"));

        // REST submissions are group-committed; the scheduler keeps calling the sequencer directly.
        committer = new GroupCommitter(sequencer);
        var logs = new LogBook(artifactSettings.dir().resolveSibling("logs"), LogLimits.DEFAULT, config.clock(),
                job -> sequencer.state().job(job).map(j -> !j.status().holdsEscrow()).orElse(true));
        agents.setLogs(logs);
        // A job's log ends when the job does: its stream readers get their end event. Nothing resumes it any more either.
        sequencer.addListener((tx, before, after) -> jobOf(tx)
                .filter(job -> after.job(job).map(j -> !j.status().holdsEscrow()).orElse(false))
                .ifPresent(job -> {
                    logs.end(job);
                    checkpoints.forget(job);
                    trainingJobs.forget(job);
                }));
        var artifacts = new ArtifactApi(artifactStore, sequencer::state, config.clock(), networkId);
        long sweepEvery = artifactSettings.sweepEvery().toMillis();
        liveness.scheduleWithFixedDelay(artifacts::sweep, sweepEvery, sweepEvery, TimeUnit.MILLISECONDS);
        // The gateway's keys and unsettled usage live beside the job logs; its batches are the scheduler's to sign.
        billing = InferenceBilling.open(artifactSettings.dir().resolveSibling("inference"), networkId, sequencer::state,
                scheduler::submitAsCoordinator);
        long settleMillis = config.inferenceSettleInterval().toMillis();
        liveness.scheduleWithFixedDelay(this::settleInference, settleMillis, settleMillis, TimeUnit.MILLISECONDS);
        long flushMillis = InferenceBilling.FLUSH_INTERVAL.toMillis();
        liveness.scheduleWithFixedDelay(billing::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        http = new HttpApi(sequencer, committer, store, agents, events, telemetry, new Metrics(),
                new MarketApi(scheduler, sequencer, agents), billing, config.gateway())
                .extend(artifacts::addRoutes)
                .extend(new LogApi(logs, sequencer::state)::addRoutes)
                .extend(new TrainingApi(training, trainingJobs)::register)
                .create();
        http.start(config.host(), config.port());
        scheduler.kick();
        LOG.info("coordinator for {} at {} (height {}, root {})", networkId, url(), sequencer.state().height(),
                sequencer.state().root().shortHex());
    }

    /** Starts with the default artifact settings, in {@link #defaultArtifactDir}. */
    public static Coordinator start(CoordinatorConfig config) {
        return new Coordinator(config, ArtifactSettings.defaults(defaultArtifactDir(config.store())));
    }

    public static Coordinator start(CoordinatorConfig config, ArtifactSettings artifacts) {
        return new Coordinator(config, artifacts);
    }

    /**
     * Artifacts live beside an embedded ledger, in its data directory's {@code artifacts}; a coordinator on
     * PostgreSQL keeps them in {@code ./artifacts} unless told otherwise. Job logs go to {@code logs} beside them.
     */
    public static Path defaultArtifactDir(String store) {
        return PostgresLedgerStore.accepts(store) ? Path.of("artifacts") : Path.of(store).resolve("artifacts");
    }

    public String url() {
        return "http://127.0.0.1:" + http.port();
    }

    public int port() {
        return http.port();
    }

    public Sequencer sequencer() {
        return sequencer;
    }

    /**
     * A {@code tx} event; one that concerns a job names it ({@code jobId}), so a client can follow
     * its jobs' leases on the stream instead of polling each job.
     */
    private static Map<String, Object> txEvent(SignedTx tx, LedgerState after) {
        var event = new LinkedHashMap<String, Object>();
        event.put("height", after.height());
        event.put("type", tx.payload().getClass().getSimpleName());
        event.put("signer", tx.signer().toString());
        event.put("txHash", tx.hash().hex());
        event.put("stateRoot", after.root().hex());
        jobOf(tx).ifPresent(job -> event.put("jobId", job.hex()));
        return event;
    }

    /** A {@code training} event: a round of a diloco job closed, or a worker's Δ was rejected; {@code jobId} names the job. */
    private static Map<String, Object> trainingEvent(TrainingEvent event) {
        var body = new LinkedHashMap<String, Object>();
        body.put("jobId", event.session());
        body.put("round", event.round());
        switch (event) {
            case TrainingEvent.RoundClosed closed -> {
                body.put("type", "round_closed");
                body.put("applied", closed.applied());
                body.put("theta", closed.thetaHash());
                body.put("accepted", closed.accepted());
                body.put("late", closed.late());
                body.put("missing", closed.missing());
            }
            case TrainingEvent.DeltaRejected rejected -> {
                body.put("type", "delta_rejected");
                body.put("worker", rejected.worker());
                body.put("code", rejected.code());
                body.put("detail", rejected.detail());
                body.put("evidence", rejected.evidence());
            }
        }
        return body;
    }

    private static Optional<Hash> jobOf(SignedTx tx) {
        return switch (tx.payload()) {
            case SubmitJob s -> Optional.of(tx.hash());
            case AssignLease a -> Optional.of(a.jobId());
            case AwardBid a -> Optional.of(a.jobId());
            case AssignGang a -> Optional.of(a.jobId());
            case ReleaseLease r -> Optional.of(r.jobId());
            case UsageReceipt u -> Optional.of(u.jobId());
            case CompleteJob c -> Optional.of(c.jobId());
            case SettleJob s -> Optional.of(s.jobId());
            case CancelJob c -> Optional.of(c.jobId());
            case TopUpEscrow t -> Optional.of(t.jobId());
            case AcceptBid a -> Optional.of(a.jobId());
            case PlaceBid b -> Optional.of(b.jobId());
            default -> Optional.empty();
        };
    }

    /** A fresh log starts with the genesis; an existing one must have started with the same one. */
    private void ensureGenesis(SignedTx genesis) {
        if (store.height() == 0) {
            if (sequencer.submit(genesis) instanceof Rejected rejected) {
                throw new IllegalStateException("the genesis transaction is refused: " + rejected.error() + " " + rejected.message());
            }
            return;
        }
        byte[] first = store.read(1, 1).getFirst().tx();
        if (!Arrays.equals(first, TxCodec.encode(genesis))) {
            throw new IllegalStateException("the data directory holds a ledger of another genesis");
        }
    }

    private void settleInference() {
        try {
            billing.settle();
        } catch (RuntimeException e) {
            LOG.warn("settling inference failed; the next round tries again", e);
        }
    }

    @Override
    public void close() {
        liveness.shutdownNow();
        training.close();
        events.closeAll();
        http.stop();
        // No request can meter more now: what was metered is settled while the scheduler can still sign.
        settleInference();
        billing.flush();
        committer.close();
        scheduler.close();
        store.close();
    }
}
