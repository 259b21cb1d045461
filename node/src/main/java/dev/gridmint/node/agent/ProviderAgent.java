package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Limits;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.node.agent.gpu.CudaLibraries;
import dev.gridmint.node.agent.ports.PortForwarder;
import dev.gridmint.node.agent.runtime.Capacity;
import dev.gridmint.node.agent.runtime.ContainerJob;
import dev.gridmint.node.agent.runtime.ContainerRuntime;
import dev.gridmint.node.agent.runtime.ContainerRuntimes;
import dev.gridmint.node.agent.runtime.ImageSource;
import dev.gridmint.node.agent.runtime.JobCgroups;
import dev.gridmint.node.agent.runtime.JobHandle;
import dev.gridmint.node.agent.runtime.JobStatus;
import dev.gridmint.node.agent.runtime.LogDigest;
import dev.gridmint.node.agent.runtime.LogSink;
import dev.gridmint.node.agent.runtime.Metering;
import dev.gridmint.node.agent.runtime.ProcessRuntime;
import dev.gridmint.node.agent.runtime.RestartRecovery;
import dev.gridmint.node.agent.runtime.RunningContainer;
import dev.gridmint.node.agent.runtime.SpecValidator;
import dev.gridmint.node.agent.runtime.UsageInterval;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.inference.serve.ServingJob;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentLink;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.HardwareAttestation;
import dev.gridmint.node.protocol.SealedSecrets;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process a GPU owner runs. It registers its hardware on the ledger, keeps one outbound
 * WebSocket to the coordinator (so it works behind NAT), sends heartbeats, runs the jobs it is
 * leased as child processes, and signs the usage receipt and the result into the ledger.
 */
public final class ProviderAgent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderAgent.class);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(500);
    private static final Duration REPORT_RETRY_DELAY = Duration.ofSeconds(1);
    private static final Duration REPORT_RETRY_WINDOW = Duration.ofMinutes(10);
    private static final Duration LOG_FLUSH = Duration.ofMillis(200);
    private static final long CONTAINER_PIDS_MAX = 4096;
    private static final long CONTAINER_SHM_MAX = 8L << 30;
    private static final int CONTAINER_LOG_TAIL = 20;

    private final AgentConfig config;
    private final CoordinatorClient coordinator;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agent-timers").daemon().factory());
    /** How to abort each running job, by job id. */
    private final Map<String, Runnable> running = new ConcurrentHashMap<>();
    private Optional<ContainerRuntime> containers;
    private ProcessRuntime processes;
    private final Map<String, ServingJob> serving = new ConcurrentHashMap<>();
    private static final int MAX_UNSENT_PIECES = 256;
    private final Object sendLock = new Object();
    private final java.util.concurrent.Semaphore unsentPieces = new java.util.concurrent.Semaphore(MAX_UNSENT_PIECES);
    private CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(null);
    private final Prover prover;
    private final TrainingCheckpoints checkpoints;
    private final LogShipper jobLogs = new LogShipper();
    private final PortForwarder ports;
    private final HardwareProbe.Hardware hardware;
    /** The X25519 key tenants seal secrets to; announced, signed, with each hardware report. */
    private final java.security.KeyPair sealing;
    /** The current connection's login challenge, which the hardware report signs too. */
    private volatile AgentMessage.Challenge challenge;
    /** Whether the current connection is logged in (its hardware report may go). */
    private volatile boolean welcomed;
    private volatile AgentMessage.Measured measured = AgentMessage.Measured.NONE;
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> heartbeats;
    private volatile boolean stopped;
    private volatile boolean offline;
    private long nextNonce;

    private ProviderAgent(AgentConfig config, HardwareProbe.Hardware hardware) {
        this.config = config;
        this.hardware = hardware;
        this.coordinator = new CoordinatorClient(config.coordinatorUrl());
        this.prover = new Prover(config.key(), config.cheat(), hardware, CudaLibraries.locate());
        this.ports = new PortForwarder(config.cheat() == Cheat.SLOW_SERVICE ? Cheat.SLOW_SERVICE_DELAY : Duration.ZERO);
        this.checkpoints = new TrainingCheckpoints(coordinator, config.key());
        this.sealing = SealingKeyFile.loadOrCreate(config.dataDir());
    }

    /** Registers the discovered hardware at the owner's price and connects. */
    public static ProviderAgent start(AgentConfig config) {
        var agent = new ProviderAgent(config, HardwareProbe.discover());
        agent.register(offer(agent.hardware, config));
        agent.prover.warmUp();
        agent.recoverJobs();
        agent.connect();
        agent.timers.scheduleWithFixedDelay(() -> Thread.ofVirtual().name("measure").start(agent::measure), 0,
                config.measureInterval().toMillis(), TimeUnit.MILLISECONDS);
        agent.timers.scheduleWithFixedDelay(agent::flushLogs, LOG_FLUSH.toMillis(), LOG_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        return agent;
    }

    /** Where whatever runs a job exposes the ports it serves, for the coordinator to relay tenants to. */
    public PortForwarder ports() {
        return ports;
    }

    public String address() {
        return config.key().address().toString();
    }

    static HardwareOffer offer(HardwareProbe.Hardware hardware, AgentConfig config) {
        if (config.cheat() == Cheat.SPOOF) {
            // TEST ONLY: claims one H100 whatever the probe found.
            return new HardwareOffer(DeviceClass.GPU, Cheat.SPOOFED_MODEL, 1, 81_920, hardware.cpuCores(), hardware.memoryMb(),
                    config.region(), config.priceFor(Cheat.SPOOFED_MODEL));
        }
        return new HardwareOffer(hardware.gpu() ? DeviceClass.GPU : DeviceClass.CPU, hardware.deviceModel(),
                hardware.deviceCount(), hardware.deviceMemoryMb(), hardware.cpuCores(), hardware.memoryMb(),
                config.region(), config.priceFor(hardware.deviceModel()));
    }

    private void register(HardwareOffer offer) {
        nextNonce = coordinator.account(config.key().address()).nonce() + 1;
        submit(new RegisterProvider(offer));
        LOG.info("registered {} x {} at {} micro-CC per device-hour", offer.deviceCount(), offer.deviceModel(),
                offer.pricePerDeviceHour());
        bondMissingStake();
    }

    /**
     * Leases go only to providers whose stake covers their offer. Bonds up to the owner's configured
     * stake (at least what the offer requires) as far as the wallet holds it; short of the requirement
     * it bonds nothing and the provider stays halted until it is funded.
     */
    private void bondMissingStake() {
        var account = coordinator.account(config.key().address());
        long wanted = Math.max(account.requiredStake(), config.stake());
        long missing = wanted - account.providerStake();
        if (missing <= 0) {
            return;
        }
        long bond = Math.min(missing, account.balance());
        if (account.providerStake() + bond < account.requiredStake()) {
            LOG.warn("halted: the offer needs {} micro-GRID of stake, {} is bonded and the wallet holds {}",
                    account.requiredStake(), account.providerStake(), account.balance());
            return;
        }
        submit(new BondProviderStake(bond));
        LOG.info("bonded {} micro-GRID of provider stake{}", bond, bond < missing ? " (" + missing + " wanted; the wallet holds no more)" : "");
    }

    /**
     * Signs at the agent's own nonce counter. The owner may sign with the same wallet elsewhere (a
     * bid with {@code gridmint market bid}), which the counter does not see: on a wrong nonce it
     * takes the ledger's and signs once more.
     */
    private synchronized void submit(TxPayload payload) {
        String networkId = coordinator.ledger().networkId();
        try {
            coordinator.submit(SignedTx.sign(config.key(), networkId, nextNonce, payload));
        } catch (CoordinatorClient.CoordinatorException e) {
            if (!e.code().equals("BAD_NONCE")) {
                throw e;
            }
            nextNonce = coordinator.account(config.key().address()).nonce() + 1;
            coordinator.submit(SignedTx.sign(config.key(), networkId, nextNonce, payload));
        }
        nextNonce++;
    }

    /**
     * Submits a job report and keeps trying while the coordinator is unreachable or failing, so
     * finished work is not lost to a restart or a network blip. After such a failure the
     * transaction may or may not have landed, so the nonce is read again from the ledger; a
     * report that did land is then refused as a duplicate (4xx), which ends the retries.
     */
    private void submitReport(TxPayload payload) {
        long deadline = System.nanoTime() + REPORT_RETRY_WINDOW.toNanos();
        while (true) {
            try {
                submit(payload);
                return;
            } catch (CoordinatorClient.CoordinatorException e) {
                boolean retryable = e.status() == 0 || e.status() >= 500;
                if (!retryable || stopped || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.warn("{} not delivered ({}); retrying", payload.getClass().getSimpleName(), e.getMessage());
                sleep(REPORT_RETRY_DELAY);
                resyncNonce();
            }
        }
    }

    private synchronized void resyncNonce() {
        try {
            nextNonce = coordinator.account(config.key().address()).nonce() + 1;
        } catch (CoordinatorClient.CoordinatorException stillDown) {
            // the next attempt will fail the same way and retry
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorClient.CoordinatorException(0, "INTERRUPTED", "interrupted while retrying");
        }
    }

    private void connect() {
        if (stopped || offline) {
            return;
        }
        String wsUrl = config.coordinatorUrl().replaceFirst("/+$", "").replaceFirst("^http", "ws") + "/v1/agent";
        http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(wsUrl), new Listener())
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        LOG.warn("cannot reach {}: {}", wsUrl, error.getMessage());
                        timers.schedule(this::connect, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
                    }
                });
    }

    /**
     * Best effort: while the connection is down (a coordinator restart, a network blip) messages
     * are dropped, so a running job is not killed for want of a progress report. Ledger changes
     * travel over REST and do not depend on this.
     */
    private boolean send(AgentMessage message) {
        WebSocket ws = socket;
        if (ws == null || offline) {
            return false;
        }
        try {
            enqueue(ws, message).join();
            return true;
        } catch (CompletionException | IllegalStateException notSent) {
            if (!(message instanceof AgentMessage.Heartbeat)) {
                LOG.warn("could not send {} to the coordinator: {}", message.getClass().getSimpleName(), notSent.getMessage());
            }
            return false;
        }
    }

    /**
     * A piece of a relayed service response: queued behind the messages before it without waiting for it to be
     * written, so the relaying threads of many streams keep the socket busy instead of taking turns; at most
     * {@value #MAX_UNSENT_PIECES} wait at once, which holds a fast service back to the speed of the link.
     */
    private void relay(AgentMessage piece) {
        WebSocket ws = socket;
        if (ws == null || offline) {
            return;
        }
        unsentPieces.acquireUninterruptibly();
        enqueue(ws, piece).whenComplete((sent, error) -> {
            unsentPieces.release();
            if (error != null) {
                LOG.debug("could not relay a {}: {}", piece.getClass().getSimpleName(), error.getMessage());
            }
        });
    }

    /**
     * Sends {@code message} after every message queued before it (the WebSocket takes no second send before the
     * first completes); the future completes once it is written. The queue has a lock of its own: the agent's
     * monitor is held across REST submissions and container probes, which stalled every relayed stream behind them.
     */
    private CompletableFuture<WebSocket> enqueue(WebSocket ws, AgentMessage message) {
        String text = AgentMessage.encode(message);
        synchronized (sendLock) {
            CompletableFuture<WebSocket> next = lastSend.handle((sent, failed) -> null).thenCompose(ignored -> ws.sendText(text, true));
            lastSend = next;
            return next;
        }
    }

    /** Sends the job log lines not sent yet; if a send fails, all unacknowledged ones go again next time. */
    private void flushLogs() {
        for (AgentMessage.Logs batch : jobLogs.pending()) {
            if (!send(batch)) {
                jobLogs.resendAll();
                return;
            }
        }
    }

    private void onMessage(AgentMessage message) {
        switch (message) {
            case AgentMessage.Challenge login -> {
                welcomed = false;
                challenge = login;
                send(AgentAuth.answer(config.key(), login));
            }
            case AgentMessage.Welcome welcome -> {
                welcomed = true;
                sendHardwareReport();
                jobLogs.resendAll();
                startHeartbeats(Duration.ofMillis(welcome.heartbeatMillis()));
            }
            case AgentMessage.LogAck ack -> jobLogs.acked(ack.jobId(), ack.attempt(), ack.seq());
            case AgentMessage.Logs l -> LOG.warn("unexpected logs from the coordinator");
            case AgentMessage.Assign assign -> Thread.ofVirtual().name("job-" + assign.jobId().substring(0, 12))
                    .start(() -> run(assign));
            case AgentMessage.Abort abort -> {
                Optional.ofNullable(running.remove(abort.jobId())).ifPresent(Runnable::run);
                Optional.ofNullable(serving.remove(abort.jobId())).ifPresent(ServingJob::stop);
            }
            // Nothing to save before the abort that follows: a checkpointing workload has stored its last checkpoint already.
            case AgentMessage.Reclaim reclaim -> LOG.info("job {} (attempt {}) is reclaimed at ledger second {}",
                    reclaim.jobId().substring(0, 12), reclaim.attempt(), reclaim.deadline());
            // Off the listener's thread: a product takes seconds, and heartbeats must keep flowing meanwhile.
            case AgentMessage.ProofChallenge proof -> Thread.ofVirtual().name("proof").start(() -> prove(proof));
            case AgentMessage.ProxyRequest request -> Thread.ofVirtual().name("port-" + request.port())
                    .start(() -> ports.forward(request, this::relay));
            case AgentMessage.ProxyCancel cancel -> ports.cancel(cancel.stream());
            case AgentMessage.ProxyHead p -> LOG.warn("unexpected proxy reply from the coordinator");
            case AgentMessage.ProxyChunk p -> LOG.warn("unexpected proxy reply from the coordinator");
            case AgentMessage.ProxyEnd p -> LOG.warn("unexpected proxy reply from the coordinator");
            case AgentMessage.ProofResponse p -> LOG.warn("unexpected proof response from the coordinator");
            case AgentMessage.ProofRefused p -> LOG.warn("unexpected proof refusal from the coordinator");
            case AgentMessage.Error error -> LOG.warn("coordinator refused: {} {}", error.code(), error.message());
            case AgentMessage.Hello h -> LOG.warn("unexpected hello from the coordinator");
            case AgentMessage.Heartbeat h -> LOG.warn("unexpected heartbeat from the coordinator");
            case AgentMessage.HardwareReport h -> LOG.warn("unexpected hardware report from the coordinator");
            case AgentMessage.Progress p -> LOG.warn("unexpected progress from the coordinator");
            case AgentMessage.Result r -> LOG.warn("unexpected result from the coordinator");
            case AgentMessage.Checkpoint c -> LOG.warn("unexpected checkpoint from the coordinator");
            case AgentMessage.Failed f -> LOG.warn("unexpected failure report from the coordinator");
        }
    }

    /**
     * The signed hardware report over this connection's challenge: GPUs, fingerprint, the latest
     * measurements of link and disk, and the key for sealed secrets.
     */
    private void sendHardwareReport() {
        AgentMessage.Challenge login = challenge;
        if (login == null || !welcomed) {
            return;
        }
        send(HardwareAttestation.sign(config.key(), login, hardware.gpuUuids(), hardware.fingerprint(), measured)
                .withSealingKey(SealedSecrets.announce(config.key(), login.networkId(), sealing.getPublic())));
    }

    /** Measures bandwidth and disk again (every {@link AgentConfig#measureInterval}) and reports them on the live connection. */
    private void measure() {
        if (stopped || offline) {
            return;
        }
        try {
            measured = new LinkMeter(http, config.coordinatorUrl(), config.key()).measure(coordinator.ledger().networkId(),
                    config.dataDir());
            sendHardwareReport();
        } catch (RuntimeException e) {
            LOG.warn("could not measure the link and disk: {}", e.getMessage());
        }
    }

    private void prove(AgentMessage.ProofChallenge challenge) {
        AgentMessage answer = prover.answer(challenge);
        if (answer instanceof AgentMessage.ProofResponse) {
            LOG.info("answered a {} challenge (n = {}) from {}", challenge.claimedModel(), challenge.n(), challenge.checker());
        } else {
            LOG.warn("refused a challenge from {}: {}", challenge.checker(), answer);
        }
        send(answer);
    }

    private void startHeartbeats(Duration interval) {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        long millis = Math.max(50, interval.toMillis());
        heartbeats = timers.scheduleAtFixedRate(
                () -> send(new AgentMessage.Heartbeat(running.keySet().stream().findFirst().orElse(null))),
                0, millis, TimeUnit.MILLISECONDS);
    }

    /** Runs the job; whatever way it ends, the ports it served close with it. */
    private void run(AgentMessage.Assign assign) {
        try {
            if (assign.workload().equals(WorkloadCatalog.CONTAINER)) {
                runContainer(assign);
            } else if (assign.workload().equals(ModelLoader.WORKLOAD)) {
                serve(assign);
            } else {
                runBuiltIn(assign);
            }
        } finally {
            ports.close(assign.jobId());
        }
    }

    private void runBuiltIn(AgentMessage.Assign assign) {
        LOG.info("running job {} (attempt {}, gang seat {} of {}): {} {}", assign.jobId().substring(0, 12), assign.attempt(),
                assign.gangIndex(), assign.gangSize(), assign.workload(), assign.args());
        Path checkpointStore = TrainingCheckpoints.storeOf(config.dataDir(), assign.jobId());
        // The built-in workloads take no secrets to redact.
        jobLogs.open(assign.jobId(), assign.attempt(), Set.of());
        // Fetching a checkpoint takes a while: an abort that comes meanwhile must still stop the run that follows.
        var abortedEarly = new AtomicBoolean();
        running.put(assign.jobId(), () -> abortedEarly.set(true));
        WorkloadRun run;
        try {
            TrainingCheckpoints.Start start = switch (assign.workload()) {
                case WorkloadCatalog.TRAIN_GPT -> checkpoints.start(checkpointStore, assign.args(), assign.resume());
                case WorkloadCatalog.DILOCO -> dilocoWorker(assign, outDir(assign));
                default -> new TrainingCheckpoints.Start(assign.args(), List.of(), "");
            };
            if (!start.note().isEmpty()) {
                LOG.info("job {}: {}", assign.jobId().substring(0, 12), start.note());
                jobLogs.line(assign.jobId(), assign.attempt(), "stderr", "[gridmint agent] " + start.note());
            }
            run = WorkloadRun.start(processes(), new WorkloadRun.Launch(assign.jobId(), leaseLabel(assign.jobId(), assign.attempt()),
                    assign.workload(), start.args(), start.agentArgs(), assign.gangEnvironment(), outDir(assign), WorkloadRun.defaultMemoryBytes(),
                    assign.maxSeconds()), builtInEvents(assign));
        } catch (WorkloadRun.WorkloadFailed e) {
            builtInFailed(assign, e);
            return;
        } catch (RuntimeException e) {
            running.remove(assign.jobId());
            LOG.warn("job {} could not start: {}", assign.jobId().substring(0, 12), e.getMessage());
            return;
        }
        running.put(assign.jobId(), run::abort);
        if (abortedEarly.get() || offline) {
            run.abort();
        }
        finishBuiltIn(assign, run, 0);
    }

    private Path outDir(AgentMessage.Assign assign) {
        return config.dataDir().resolve("jobs").resolve(assign.jobId()).resolve("attempt-" + assign.attempt());
    }

    /** A built-in job's progress goes to the coordinator, its checkpoints to the artifact store, its lines to the job log. */
    private WorkloadRun.Events builtInEvents(AgentMessage.Assign assign) {
        Path checkpointStore = TrainingCheckpoints.storeOf(config.dataDir(), assign.jobId());
        return new WorkloadRun.Events() {
            @Override
            public void progress(WorkloadRun.Progress progress) {
                send(new AgentMessage.Progress(assign.jobId(), assign.attempt(), progress.step(), progress.totalSteps(),
                        progress.trainLoss(), progress.valLoss()));
            }

            @Override
            public void checkpoint(WorkloadRun.Checkpoint checkpoint) {
                storeCheckpoint(assign, checkpointStore, checkpoint);
            }

            @Override
            public void line(String stream, String text) {
                jobLogs.line(assign.jobId(), assign.attempt(), stream, text);
            }
        };
    }

    /**
     * Waits for a started or adopted built-in job, signing interim usage receipts from its process's
     * start time while it runs, and reports it. {@code alreadyReported} is the usage the ledger holds
     * for this attempt already (an adopted job).
     */
    private void finishBuiltIn(AgentMessage.Assign assign, WorkloadRun run, long alreadyReported) {
        UsageReporter usage = meter(assign, run.handle()::elapsedMillis, alreadyReported);
        try {
            WorkloadRun.Outcome outcome = run.await();
            running.remove(assign.jobId());
            // Every line goes out before the job is reported done, so its log is whole when it ends.
            jobLogs.finish(assign.jobId(), assign.attempt());
            flushLogs();
            long billable = usage.finalMillis(outcome.usageMillis());
            if (offline) {
                return;
            }
            uploadOutput(Hash.parse(assign.jobId()), outcome.artifact());
            report(new AgentMessage.Result(assign.jobId(), assign.attempt(), outcome.modelSha256(), outcome.modelBytes(),
                    outcome.finalTrainLoss(), outcome.finalValLoss(), outcome.samples()), billable);
        } catch (WorkloadRun.WorkloadFailed e) {
            builtInFailed(assign, e);
        } catch (RuntimeException e) {
            running.remove(assign.jobId());
            LOG.warn("job {} could not be reported: {}", assign.jobId().substring(0, 12), e.getMessage());
        } finally {
            usage.close();
            deleteQuietly(workerKeyFile(assign, outDir(assign)));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", file, e.getMessage());
        }
    }

    private void builtInFailed(AgentMessage.Assign assign, WorkloadRun.WorkloadFailed e) {
        running.remove(assign.jobId());
        jobLogs.line(assign.jobId(), assign.attempt(), "stderr", "[gridmint agent] the job failed: " + e.getMessage());
        jobLogs.finish(assign.jobId(), assign.attempt());
        flushLogs();
        LOG.warn("job {} failed: {}", assign.jobId().substring(0, 12), e.getMessage());
        if (!"aborted".equals(e.getMessage()) && !offline) {
            send(new AgentMessage.Failed(assign.jobId(), assign.attempt(), e.getMessage()));
        }
    }

    /** The runtime of the built-in workloads, with this agent's owner label, so a restart finds its processes again. */
    private synchronized ProcessRuntime processes() {
        if (processes == null) {
            processes = new ProcessRuntime(containerOwner(address(), config.dataDir()), config.dataDir().resolve("processes"),
                    JobCgroups.host());
            LOG.info("built-in workloads run as processes; limits: {}", processes.isolation());
        }
        return processes;
    }

    /**
     * A diloco job's worker: the session on the coordinator holds the run's settings (the job's arguments), so
     * the worker gets only where to find it and the provider's key to join and sign with, in a private file.
     */
    private TrainingCheckpoints.Start dilocoWorker(AgentMessage.Assign assign, Path outDir) throws WorkloadRun.WorkloadFailed {
        Path keyFile = workerKeyFile(assign, outDir);
        try {
            Files.deleteIfExists(keyFile);
            KeypairFile.write(keyFile, config.key());
        } catch (IOException e) {
            throw new WorkloadRun.WorkloadFailed("could not write the worker's key: " + e.getMessage());
        }
        return new TrainingCheckpoints.Start(List.of(), List.of("--coordinator", coordinator.baseUrl(), "--session",
                assign.jobId(), "--key", keyFile.toString()), "joining the job's DiLoCo session on the coordinator");
    }

    /** Where a diloco worker's copy of the provider key lies while its JVM starts; removed when the run ends. */
    private static Path workerKeyFile(AgentMessage.Assign assign, Path outDir) {
        return outDir.resolveSibling("attempt-" + assign.attempt() + ".key");
    }

    /**
     * Stores a checkpoint with the coordinator, then names it the attempt's latest; the coordinator
     * takes it only from the lease holder. A failed upload is logged and training goes on: the job
     * loses only how far a later attempt could resume from.
     */
    private void storeCheckpoint(AgentMessage.Assign assign, Path store, WorkloadRun.Checkpoint checkpoint) {
        if (offline) {
            return;
        }
        try {
            checkpoints.upload(Hash.parse(assign.jobId()), store, checkpoint);
            send(new AgentMessage.Checkpoint(assign.jobId(), assign.attempt(), checkpoint.step(), checkpoint.manifestSha256()));
            LOG.info("job {}: checkpoint at step {} stored", assign.jobId().substring(0, 12), checkpoint.step());
        } catch (CoordinatorClient.CoordinatorException e) {
            // The exception's message starts with its stable code.
            LOG.warn("job {}: the checkpoint at step {} could not be stored: {}", assign.jobId().substring(0, 12),
                    checkpoint.step(), e.getMessage());
            jobLogs.line(assign.jobId(), assign.attempt(), "stderr", "[gridmint agent] the checkpoint at step "
                    + checkpoint.step() + " could not be stored: " + e.getMessage());
        }
    }

    /**
     * Starts the job attempt's interim usage receipts: every {@link AgentConfig#usageInterval} the
     * usage so far is signed into the ledger, which bills the lease on each, so a long job is paid
     * as it runs rather than only at its end.
     */
    private UsageReporter meter(AgentMessage.Assign assign, LongSupplier usageMillis, long alreadyReported) {
        Hash jobId = Hash.parse(assign.jobId());
        return new UsageReporter(assign.jobId(), usageMillis, assign.maxSeconds() * 1000, alreadyReported, millis -> {
            if (offline) {
                throw new IllegalStateException("the agent is offline");
            }
            submit(new UsageReceipt(jobId, assign.attempt(), millis));
        }).every(timers, config.usageInterval());
    }

    /**
     * Stores the job's output with the coordinator, filed under the job, before the result is signed
     * into the ledger, so the tenant can download what the ledger's hash names. A failed upload is
     * logged and does not fail the job: the work is done and paid for by its receipt.
     */
    private void uploadOutput(Hash jobId, Path artifact) {
        try {
            var stored = coordinator.uploadArtifact(config.key(), artifact, jobId, ArtifactKind.OUTPUT,
                    artifact.getFileName().toString());
            LOG.info("job {}: output {} uploaded ({} bytes)", jobId.shortHex(), stored.sha256().substring(0, 12), stored.size());
        } catch (CoordinatorClient.CoordinatorException e) {
            LOG.warn("job {}: the output {} could not be uploaded: {}", jobId.shortHex(), artifact, e.getMessage());
        }
    }

    /** Sends the result, then signs the final usage receipt and the completion into the ledger. */
    private void report(AgentMessage.Result result, long billable) {
        Hash jobId = Hash.parse(result.jobId());
        send(result);
        submitReport(new UsageReceipt(jobId, result.attempt(), billable));
        submitReport(new CompleteJob(jobId, result.attempt(), claimedResult(result.modelSha256())));
        LOG.info("job {} done: result {} in {} ms", result.jobId().substring(0, 12), result.modelSha256().substring(0, 12), billable);
    }

    // ---- container jobs ----

    /** The lease label: one per job attempt, so a restarted agent can tell a live attempt from an old one. */
    private static String leaseLabel(String jobId, int attempt) {
        return jobId + ".a" + attempt;
    }

    private Capacity capacity() {
        return new Capacity(hardware.cpuCores() * 1000L, hardware.memoryMb() << 20, CONTAINER_PIDS_MAX,
                hardware.gpu() ? hardware.deviceCount() : 0, CONTAINER_SHM_MAX, Limits.MAX_JOB_SECONDS, List.of());
    }

    private synchronized Optional<ContainerRuntime> containers() {
        if (containers == null) {
            containers = ContainerRuntimes.detect(containerOwner(address(), config.dataDir()), config.dataDir().resolve("containers"));
            containers.ifPresent(runtime -> LOG.info("container jobs run on {}", runtime.name()));
        }
        return containers;
    }

    /**
     * The owner label of this agent's containers: its address and its data directory. A restart on
     * the same key and directory finds its containers again; another agent on the same engine, even
     * one holding the same key (a test machine, an owner's second install), never adopts or removes them.
     */
    public static String containerOwner(String address, Path dataDir) {
        String where = dataDir.toAbsolutePath().normalize().toString();
        return address + "." + Hash.sha256(where.getBytes(StandardCharsets.UTF_8)).hex().substring(0, 16);
    }

    private void runContainer(AgentMessage.Assign assign) {
        LOG.info("running container job {} (attempt {}): {}", assign.jobId().substring(0, 12), assign.attempt(), assign.args());
        Optional<ContainerRuntime> runtime = containers();
        if (runtime.isEmpty()) {
            failContainer(assign, "NO_CONTAINER_ENGINE: this provider has neither podman nor a Docker engine");
            return;
        }
        switch (ContainerJob.parse(assign.jobId(), leaseLabel(assign.jobId(), assign.attempt()), assign.args(), assign.maxSeconds(),
                config.dataDir().resolve("images"), unsealer(assign))) {
            case ContainerJob.Parsed.Refused refused -> failContainer(assign, refused.error().toString());
            case ContainerJob.Parsed.Spec parsed -> {
                switch (SpecValidator.validate(parsed.spec().withEnv(assign.gangEnvironment()), capacity())) {
                    case SpecValidator.Validation.Invalid invalid -> failContainer(assign, invalid.errors().toString());
                    case SpecValidator.Validation.Valid valid -> {
                        if (fetchArchive(assign, valid.spec().spec().image())) {
                            var log = new LogDigest(CONTAINER_LOG_TAIL);
                            jobLogs.open(assign.jobId(), assign.attempt(), Set.copyOf(valid.spec().spec().secrets().values()));
                            finishContainer(assign, runtime.get().start(valid.spec(), shipped(assign, log)), log, 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * Opens the job's sealed secrets with this provider's key, for the job's tenant (from the ledger,
     * asked only when the job has a sealed secret) on this network.
     */
    private java.util.function.Function<String, SealedSecrets.Opened> unsealer(AgentMessage.Assign assign) {
        var tenant = new java.util.concurrent.atomic.AtomicReference<String>();
        return argument -> {
            if (tenant.get() == null) {
                tenant.set(coordinator.job(Hash.parse(assign.jobId())).tenant());
            }
            return SealedSecrets.open(argument, sealing, coordinator.ledger().networkId(), tenant.get());
        };
    }

    /** A container's lines go to the digest its result is made from, and to the coordinator's job log. */
    private LogSink shipped(AgentMessage.Assign assign, LogDigest digest) {
        return line -> {
            digest.accept(line);
            jobLogs.line(assign.jobId(), assign.attempt(), line.stream().name().toLowerCase(Locale.ROOT), line.text());
        };
    }

    /**
     * Brings a job's OCI image archive from the coordinator's artifact store, unless an earlier job
     * left it here already (archives are kept by their hash, so the file's name is its content). The
     * download is hash-checked on the way, and the runtime checks it again before it loads it.
     * Returns false, having reported the job failed, when the archive cannot be had.
     */
    private boolean fetchArchive(AgentMessage.Assign assign, ImageSource image) {
        if (!(image instanceof ImageSource.Archive archive) || Files.exists(archive.path())) {
            return true;
        }
        try {
            Files.createDirectories(archive.path().getParent());
            coordinator.downloadArtifact(Hash.parse(archive.sha256()), archive.path(), Artifacts.Progress.NONE);
            LOG.info("job {}: image archive {} downloaded", assign.jobId().substring(0, 12), archive.sha256().substring(0, 12));
            return true;
        } catch (IOException | CoordinatorClient.CoordinatorException e) {
            failContainer(assign, "IMAGE_UNAVAILABLE: the image archive " + archive.sha256() + " could not be fetched: " + e.getMessage());
            return false;
        }
    }

    /**
     * Waits for a started or adopted container job, signing interim usage receipts from the engine's
     * clock while it runs, and reports it: a result billed from metered usage, or its failure.
     * {@code alreadyReported} is the usage the ledger holds for this attempt already (an adopted job).
     */
    private void finishContainer(AgentMessage.Assign assign, JobHandle handle, LogDigest log, long alreadyReported) {
        running.put(assign.jobId(), handle::cancel);
        UsageReporter usage = meter(assign, handle::elapsedMillis, alreadyReported);
        handle.publishedPorts().forEach((port, local) -> ports.expose(assign.jobId(), port, local));
        JobStatus status = handle.await();
        running.remove(assign.jobId());
        jobLogs.finish(assign.jobId(), assign.attempt());
        // The engine's start-to-exit time; the sampled span, which misses up to one sampling period, where it has none.
        UsageInterval sampled = Metering.total(handle.usage());
        long billable = usage.finalMillis(Math.max(1, handle.ranMillis() > 0 ? handle.ranMillis() : sampled.toMillis() - sampled.fromMillis()));
        if (offline) {
            return;
        }
        try {
            if (status instanceof JobStatus.Succeeded) {
                report(new AgentMessage.Result(assign.jobId(), assign.attempt(), log.sha256(), log.bytes(), 0, 0, log.tail()), billable);
            } else {
                if (ran(status)) {
                    finalReceiptOfFailure(assign, billable);
                }
                failContainer(assign, status.code() + ": " + status.message());
            }
        } catch (RuntimeException e) {
            LOG.warn("job {} could not be reported: {}", assign.jobId().substring(0, 12), e.getMessage());
        }
    }

    /** Whether the job's container ran at all, and so used the machine. */
    private static boolean ran(JobStatus status) {
        return switch (status) {
            case JobStatus.ImageUnavailable unavailable -> false;
            case JobStatus.StartFailed notStarted -> false;
            case JobStatus.Succeeded s -> true;
            case JobStatus.Failed f -> true;
            case JobStatus.OomKilled o -> true;
            case JobStatus.DiskFull d -> true;
            case JobStatus.TimedOut t -> true;
            case JobStatus.Cancelled c -> true;
        };
    }

    /**
     * A job that ran and failed (its command, its memory, its disk) used the machine until it ended:
     * its usage goes into the ledger before the failure is reported, so the lease's release bills
     * what the tenant's job really used, no more.
     */
    private void finalReceiptOfFailure(AgentMessage.Assign assign, long billable) {
        try {
            submit(new UsageReceipt(Hash.parse(assign.jobId()), assign.attempt(), billable));
        } catch (CoordinatorClient.CoordinatorException e) {
            LOG.warn("job {}: the final usage receipt ({} ms) was not accepted: {}", assign.jobId().substring(0, 12), billable, e.getMessage());
        }
    }

    private void failContainer(AgentMessage.Assign assign, String reason) {
        LOG.warn("container job {} failed: {}", assign.jobId().substring(0, 12), reason);
        send(new AgentMessage.Failed(assign.jobId(), assign.attempt(), reason));
    }

    /**
     * After a restart: jobs of this agent (containers, and built-in workloads' processes) whose attempt
     * still holds the lease are adopted and reported when they end; every other one of this agent's
     * jobs is removed. An adopted job gets what is left of its time limit by the ledger's clock (its
     * lease's start plus its limit), and its receipts continue from what the ledger already holds for the attempt.
     */
    private void recoverJobs() {
        containers().ifPresent(runtime -> recover(runtime, adoption -> {
            var log = new LogDigest(CONTAINER_LOG_TAIL);
            return new Adopter(shipped(adoption.assign(), log),
                    handle -> finishContainer(adoption.assign(), handle, log, adoption.usageMillis()));
        }));
        recover(processes(), adoption -> {
            WorkloadRun run;
            try {
                run = WorkloadRun.adopting(outDir(adoption.assign()), builtInEvents(adoption.assign()));
            } catch (WorkloadRun.WorkloadFailed e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return new Adopter(run.sink(), handle -> {
                run.attach(handle);
                running.put(adoption.assign().jobId(), run::abort);
                finishBuiltIn(adoption.assign(), run, adoption.usageMillis());
            });
        });
    }

    /** Where an adopted job's lines go, and how it is seen to its end once its runtime hands it over. */
    private record Adopter(LogSink sink, java.util.function.Consumer<JobHandle> finish) {}

    private void recover(ContainerRuntime runtime, java.util.function.Function<Adoption, Adopter> adopters) {
        Map<String, Adoption> live = new ConcurrentHashMap<>();
        Map<String, Adopter> adopting = new ConcurrentHashMap<>();
        Map<String, JobHandle> adopted = RestartRecovery.reconcile(runtime, container -> {
            Optional<Adoption> adoption = liveAssignment(container);
            adoption.ifPresent(a -> {
                live.put(container.jobId(), a);
                jobLogs.open(a.assign().jobId(), a.assign().attempt(), Set.of());
            });
            return adoption.map(Adoption::remainingSeconds).orElse(0L);
        }, jobId -> adopting.computeIfAbsent(jobId, id -> adopters.apply(live.get(id))).sink());
        adopted.forEach((jobId, handle) -> Thread.ofVirtual().name("job-" + jobId.substring(0, 12))
                .start(() -> adopting.get(jobId).finish().accept(handle)));
    }

    /** A job attempt the ledger still leases to this agent: its assignment, the usage billed so far, and the time it has left. */
    private record Adoption(AgentMessage.Assign assign, long usageMillis, long remainingSeconds) {}

    /** The assignment a container still stands for, if the ledger shows this agent holding that attempt's lease. */
    private Optional<Adoption> liveAssignment(RunningContainer container) {
        try {
            var job = coordinator.job(Hash.parse(container.jobId()));
            boolean mine = job.status().equals("LEASED") && job.lease() != null && job.lease().provider().equals(address())
                    && container.leaseId().equals(leaseLabel(container.jobId(), job.lease().attempt()));
            if (!mine) {
                return Optional.empty();
            }
            long remaining = job.lease().startedAt() + job.maxSeconds() - coordinator.ledger().now();
            return Optional.of(new Adoption(new AgentMessage.Assign(job.id(), job.lease().attempt(), job.workload(), job.args(),
                    job.maxSeconds()), job.usageMillis(), remaining));
        } catch (RuntimeException unknown) {
            return Optional.empty();
        }
    }

    /** The loopback port where this agent serves inference job {@code jobId}'s model, while it does: for benches comparing the tunnel with a direct call. */
    public java.util.OptionalInt servingPort(String jobId) {
        ServingJob job = serving.get(jobId);
        return job == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(job.localPort());
    }

    /**
     * An inference job: the model serves on a loopback port exposed through the port tunnel until the
     * term runs out, then the time served is billed and the served model's hash is the job's result.
     */
    private void serve(AgentMessage.Assign assign) {
        LOG.info("serving job {} (attempt {}): {}", assign.jobId().substring(0, 12), assign.attempt(), assign.args());
        long started = System.nanoTime();
        ServingJob job;
        try {
            job = ServingJob.start(assign.args(), Clock.systemUTC(), this::fetchModel, config.dataDir().resolve("models"),
                    config.cheat() == Cheat.ALTER_OUTPUT);
        } catch (RuntimeException e) {
            send(new AgentMessage.Failed(assign.jobId(), assign.attempt(), "cannot serve: " + e.getMessage()));
            return;
        }
        serving.put(assign.jobId(), job);
        ports.expose(assign.jobId(), ServingJob.PORT, job.service());
        try {
            if (job.await(assign.maxSeconds()) && !offline) {
                Hash jobId = Hash.parse(assign.jobId());
                long billable = Math.min(Math.max(1, (System.nanoTime() - started) / 1_000_000), assign.maxSeconds() * 1000);
                submitReport(new UsageReceipt(jobId, assign.attempt(), billable));
                submitReport(new CompleteJob(jobId, assign.attempt(), Hash.parse(job.model().sha256())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("job {} could not be reported: {}", assign.jobId().substring(0, 12), e.getMessage());
        } finally {
            serving.remove(assign.jobId());
            job.stop();
        }
    }

    /**
     * Brings a model artifact from the coordinator's artifact store, hash-checked on the way, unless an
     * earlier job left it here (the file is named by its hash, and only a verified download is ever moved there).
     */
    private Path fetchModel(String sha256) throws IOException {
        Path file = config.dataDir().resolve("models").resolve(sha256 + ".model");
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            coordinator.downloadArtifact(Hash.parse(sha256), file, Artifacts.Progress.NONE);
            LOG.info("model artifact {} downloaded", sha256.substring(0, 12));
        }
        return file;
    }

    /** The result hash the agent signs: the one computed, except that a WRONG_RESULT cheat (TEST ONLY) flips a bit of it. */
    private Hash claimedResult(String sha256) {
        byte[] hash = Hash.parse(sha256).bytes();
        if (config.cheat() == Cheat.WRONG_RESULT) {
            hash[0] ^= 1;
        }
        return new Hash(hash);
    }

    /**
     * Drops off the network as a crash would: no goodbye, no more heartbeats, running work
     * killed. The coordinator only notices through the heartbeat timeout.
     */
    public void goOffline() {
        offline = true;
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        running.values().forEach(Runnable::run);
        running.clear();
        serving.values().forEach(ServingJob::stop);
        serving.clear();
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    @Override
    public void close() {
        stopped = true;
        goOffline();
        timers.shutdownNow();
        prover.close();
    }

    /** The link's messages go to {@link #onMessage}; it reconnects when the coordinator goes away. */
    private final class Listener extends AgentLink {

        Listener() {
            super(ws -> socket = ws, ProviderAgent.this::onMessage);
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            reconnectLater();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            reconnectLater();
        }

        private void reconnectLater() {
            if (!stopped && !offline) {
                timers.schedule(ProviderAgent.this::connect, RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }
}
