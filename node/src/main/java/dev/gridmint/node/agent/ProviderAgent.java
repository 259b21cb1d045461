package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.DeviceClass;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import dev.gridmint.node.agent.ports.PortForwarder;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.inference.serve.ServingJob;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentLink;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.HardwareAttestation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
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

    private final AgentConfig config;
    private final CoordinatorClient coordinator;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agent-timers").daemon().factory());
    private final Map<String, WorkloadRun> running = new ConcurrentHashMap<>();
    private final Map<String, ServingJob> serving = new ConcurrentHashMap<>();
    private final Prover prover;
    private final PortForwarder ports = new PortForwarder();
    private final HardwareProbe.Hardware hardware;
    /** The current connection's login challenge, which the hardware report signs too. */
    private volatile AgentMessage.Challenge challenge;
    private volatile WebSocket socket;
    private volatile ScheduledFuture<?> heartbeats;
    private volatile boolean stopped;
    private volatile boolean offline;
    private long nextNonce;

    private ProviderAgent(AgentConfig config, HardwareProbe.Hardware hardware) {
        this.config = config;
        this.hardware = hardware;
        this.coordinator = new CoordinatorClient(config.coordinatorUrl());
        this.prover = new Prover(config.key(), config.cheat());
    }

    /** Registers the discovered hardware at the owner's price and connects. */
    public static ProviderAgent start(AgentConfig config) {
        var agent = new ProviderAgent(config, HardwareProbe.discover());
        agent.register(offer(agent.hardware, config));
        agent.prover.warmUp();
        agent.connect();
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
    private void send(AgentMessage message) {
        WebSocket ws = socket;
        if (ws != null && !offline) {
            try {
                synchronized (this) {
                    ws.sendText(AgentMessage.encode(message), true).join();
                }
            } catch (CompletionException | IllegalStateException notSent) {
                if (!(message instanceof AgentMessage.Heartbeat)) {
                    LOG.warn("could not send {} to the coordinator: {}", message.getClass().getSimpleName(), notSent.getMessage());
                }
            }
        }
    }

    private void onMessage(AgentMessage message) {
        switch (message) {
            case AgentMessage.Challenge login -> {
                challenge = login;
                send(AgentAuth.answer(config.key(), login));
            }
            case AgentMessage.Welcome welcome -> {
                send(HardwareAttestation.sign(config.key(), challenge, hardware.gpuUuids(), hardware.fingerprint()));
                startHeartbeats(Duration.ofMillis(welcome.heartbeatMillis()));
            }
            case AgentMessage.Assign assign -> Thread.ofVirtual().name("job-" + assign.jobId().substring(0, 12))
                    .start(() -> run(assign));
            case AgentMessage.Abort abort -> {
                Optional.ofNullable(running.remove(abort.jobId())).ifPresent(WorkloadRun::abort);
                Optional.ofNullable(serving.remove(abort.jobId())).ifPresent(ServingJob::stop);
            }
            // The built-in workloads keep no checkpoint, so there is nothing to save before the abort that follows.
            case AgentMessage.Reclaim reclaim -> LOG.info("job {} (attempt {}) is reclaimed at ledger second {}",
                    reclaim.jobId().substring(0, 12), reclaim.attempt(), reclaim.deadline());
            // Off the listener's thread: a product takes seconds, and heartbeats must keep flowing meanwhile.
            case AgentMessage.ProofChallenge proof -> Thread.ofVirtual().name("proof").start(() -> prove(proof));
            case AgentMessage.ProxyRequest request -> Thread.ofVirtual().name("port-" + request.port())
                    .start(() -> ports.forward(request, this::send));
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
            case AgentMessage.Failed f -> LOG.warn("unexpected failure report from the coordinator");
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

    private void run(AgentMessage.Assign assign) {
        if (assign.workload().equals(ModelLoader.WORKLOAD)) {
            serve(assign);
            return;
        }
        LOG.info("running job {} (attempt {}): {} {}", assign.jobId().substring(0, 12), assign.attempt(), assign.workload(), assign.args());
        Path outDir = config.dataDir().resolve("jobs").resolve(assign.jobId()).resolve("attempt-" + assign.attempt());
        try {
            WorkloadRun run = WorkloadRun.start(assign.workload(), assign.args(), outDir);
            running.put(assign.jobId(), run);
            WorkloadRun.Outcome outcome = run.await(assign.maxSeconds(), progress -> send(new AgentMessage.Progress(
                    assign.jobId(), assign.attempt(), progress.step(), progress.totalSteps(), progress.trainLoss(), progress.valLoss())));
            running.remove(assign.jobId());
            if (offline) {
                return;
            }
            Hash jobId = Hash.parse(assign.jobId());
            long billable = Math.min(outcome.usageMillis(), assign.maxSeconds() * 1000);
            send(new AgentMessage.Result(assign.jobId(), assign.attempt(), outcome.modelSha256(), outcome.modelBytes(),
                    outcome.finalTrainLoss(), outcome.finalValLoss(), outcome.samples()));
            submitReport(new UsageReceipt(jobId, assign.attempt(), billable));
            submitReport(new CompleteJob(jobId, assign.attempt(), claimedResult(outcome)));
            LOG.info("job {} done: model {} in {} ms", assign.jobId().substring(0, 12), outcome.modelSha256().substring(0, 12), billable);
        } catch (WorkloadRun.WorkloadFailed e) {
            running.remove(assign.jobId());
            LOG.warn("job {} failed: {}", assign.jobId().substring(0, 12), e.getMessage());
            if (!"aborted".equals(e.getMessage())) {
                send(new AgentMessage.Failed(assign.jobId(), assign.attempt(), e.getMessage()));
            }
        } catch (RuntimeException e) {
            running.remove(assign.jobId());
            LOG.warn("job {} could not be reported: {}", assign.jobId().substring(0, 12), e.getMessage());
        } finally {
            ports.close(assign.jobId());
        }
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
            job = ServingJob.start(assign.args(), Clock.systemUTC());
        } catch (RuntimeException e) {
            send(new AgentMessage.Failed(assign.jobId(), assign.attempt(), "cannot serve: " + e.getMessage()));
            return;
        }
        serving.put(assign.jobId(), job);
        ports.expose(assign.jobId(), ServingJob.PORT, job.localPort());
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
            ports.close(assign.jobId());
        }
    }

    /** The result hash the agent signs: the model's, except that a WRONG_RESULT cheat (TEST ONLY) flips a bit of it. */
    private Hash claimedResult(WorkloadRun.Outcome outcome) {
        byte[] hash = Hash.parse(outcome.modelSha256()).bytes();
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
        running.values().forEach(WorkloadRun::abort);
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
