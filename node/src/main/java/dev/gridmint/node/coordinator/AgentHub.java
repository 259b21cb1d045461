package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.logs.LogBook;
import dev.gridmint.node.protocol.AgentAuth;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.HardwareAttestation;
import dev.gridmint.node.protocol.SealedSecrets;
import dev.gridmint.verify.sybil.SybilDetector;
import dev.gridmint.verify.sybil.SybilFlag;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The coordinator's side of the agent WebSockets: login by challenge, heartbeats, sending work,
 * and taking telemetry. Liveness lives here and not in the ledger: a provider is online while it
 * has an authenticated connection and has been heard from within the timeout.
 */
public final class AgentHub {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHub.class);

    /** What the hub tells the scheduler. */
    public interface Listener {
        void onProviderOnline(Address provider);

        void onJobFailed(Address provider, String jobId, int attempt, String reason);
    }

    private record Session(WsContext ws, AgentMessage.Challenge challenge, Address address, Instant lastSeen,
            boolean connected) {
        Session seen(Instant now) {
            return new Session(ws, challenge, address, now, connected);
        }

        Session disconnected() {
            return new Session(ws, challenge, address, lastSeen, false);
        }
    }

    /** A challenge relayed to a provider's agent, waiting for its answer since {@code sent}, in checker round {@code round}. */
    private record PendingProof(Address provider, long round, Instant sent, CompletableFuture<AgentMessage> answer) {}

    private final String networkId;
    private final InstantSource clock;
    private final RandomGenerator nonces;
    private final Duration heartbeatInterval;
    private final Supplier<LedgerState> ledger;
    private final JobTelemetry telemetry;
    private final EventStream events;
    private final Map<String, Session> pending = new ConcurrentHashMap<>();
    private final Map<Address, Session> online = new ConcurrentHashMap<>();
    /** Kept after a provider goes offline: a tenant may seal to it before it is back. */
    private final Map<Address, SealedSecrets.SealingKey> sealingKeys = new ConcurrentHashMap<>();
    /** The latest link and disk measurements each provider signed in a hardware report. */
    private final Map<Address, AgentMessage.Measured> measurements = new ConcurrentHashMap<>();
    private final Map<Hash, PendingProof> proofs = new ConcurrentHashMap<>();
    private final SybilWatch sybils = new SybilWatch(SybilDetector.DEFAULT);
    private volatile Listener listener;
    private volatile LogBook logs;
    private volatile CheckpointBook checkpoints;
    private volatile ProxyReplies proxyReplies = (provider, stream, piece) -> { };

    public AgentHub(String networkId, InstantSource clock, RandomGenerator nonces, Duration heartbeatInterval,
            Supplier<LedgerState> ledger, JobTelemetry telemetry, EventStream events) {
        this.networkId = networkId;
        this.clock = clock;
        this.nonces = nonces;
        this.heartbeatInterval = heartbeatInterval;
        this.ledger = ledger;
        this.telemetry = telemetry;
        this.events = events;
    }

    public String networkId() {
        return networkId;
    }

    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** Where agents' job logs go; until set, log lines are refused. */
    public void setLogs(LogBook book) {
        this.logs = book;
    }

    /** Where training jobs' checkpoint announcements go; until set, they are refused. */
    public void setCheckpoints(CheckpointBook book) {
        this.checkpoints = book;
    }

    /** Where an agent's answers to relayed port requests go. */
    @FunctionalInterface
    public interface ProxyReplies {
        void deliver(Address provider, String stream, AgentMessage piece);
    }

    public void setProxyReplies(ProxyReplies replies) {
        this.proxyReplies = replies;
    }

    public void configure(WsConfig ws) {
        ws.onConnect(this::onConnect);
        ws.onMessage(this::onMessage);
        ws.onClose(this::onClose);
    }

    /** Providers that can take work now: logged in and still connected. */
    public Set<Address> connectedProviders() {
        return online.values().stream().filter(Session::connected).map(Session::address).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** Connected, or disconnected for less than the timeout: its leases still stand. */
    /** What the provider last measured of its link and disk; zeros before its first report. */
    public AgentMessage.Measured measured(Address provider) {
        return measurements.getOrDefault(provider, AgentMessage.Measured.NONE);
    }

    /** The key the provider announced for secrets sealed to it (its own signature checked), if it has. */
    public Optional<SealedSecrets.SealingKey> sealingKey(Address provider) {
        return Optional.ofNullable(sealingKeys.get(provider));
    }

    public boolean isOnline(Address provider) {
        return online.containsKey(provider);
    }

    public boolean send(Address provider, AgentMessage message) {
        Session session = online.get(provider);
        if (session == null) {
            return false;
        }
        return sendTo(session.ws(), message);
    }

    /**
     * Relays a proof-of-GPU challenge to the provider's agent. The future completes with the
     * agent's {@link AgentMessage.ProofResponse} or {@link AgentMessage.ProofRefused}; the caller
     * bounds the wait (and cancelling the future forgets the challenge). Empty when the provider is
     * not connected now.
     */
    public Optional<CompletableFuture<AgentMessage>> prove(Address provider, Hash challengeId, AgentMessage.ProofChallenge challenge) {
        Session session = online.get(provider);
        if (session == null || !session.connected()) {
            return Optional.empty();
        }
        var answer = new CompletableFuture<AgentMessage>();
        if (proofs.putIfAbsent(challengeId, new PendingProof(provider, challenge.round(), clock.instant(), answer)) != null) {
            throw new IllegalStateException("challenge " + challengeId + " is already pending");
        }
        answer.whenComplete((message, error) -> proofs.remove(challengeId));
        if (!sendTo(session.ws(), challenge)) {
            answer.cancel(false);
            return Optional.empty();
        }
        return Optional.of(answer);
    }

    /** The clusters of provider keys that look like one operator, with their evidence. */
    public List<SybilFlag> sybilFlags() {
        return sybils.flags();
    }

    /** Why a relayed challenge got no answer: the provider's connection closed first. */
    public static final class ProviderDisconnected extends RuntimeException {
        ProviderDisconnected(Address provider) {
            super(provider + " disconnected before answering");
        }
    }

    /** A provider that went silent, and when it was last heard from: billing of its leases stops there. */
    public record LostProvider(Address address, Instant lastSeen) {}

    /** Forgets every provider not heard from since {@code cutoff}, closes its connection and returns who they were. */
    public List<LostProvider> expire(Instant cutoff) {
        List<LostProvider> lost = online.values().stream()
                .filter(session -> session.lastSeen().isBefore(cutoff))
                .map(session -> new LostProvider(session.address(), session.lastSeen()))
                .toList();
        for (LostProvider gone : lost) {
            Address provider = gone.address();
            Session session = online.remove(provider);
            if (session != null) {
                LOG.info("provider {} lost: not heard from since {}", provider, session.lastSeen());
                events.publish("provider", Map.of("address", provider.toString(), "online", false));
                closeQuietly(session.ws());
            }
        }
        return lost;
    }

    private void onConnect(WsConnectContext ws) {
        byte[] nonce = new byte[16];
        nonces.nextBytes(nonce);
        var challenge = new AgentMessage.Challenge(networkId, HexFormat.of().formatHex(nonce));
        pending.put(ws.sessionId(), new Session(ws, challenge, null, clock.instant(), true));
        sendTo(ws, challenge);
    }

    private void onMessage(WsMessageContext ws) {
        AgentMessage message;
        try {
            message = AgentMessage.decode(ws.message());
        } catch (JacksonException malformed) {
            refuse(ws, "MALFORMED", "not an agent message: " + malformed.getOriginalMessage());
            return;
        }
        Session awaitingHello = pending.remove(ws.sessionId());
        if (awaitingHello != null) {
            login(ws, awaitingHello, message);
            return;
        }
        Session session = sessionOf(ws);
        if (session == null) {
            refuse(ws, "UNAUTHENTICATED", "say hello first");
            return;
        }
        online.computeIfPresent(session.address(), (address, current) -> sameConnection(current, ws) ? current.seen(clock.instant()) : current);
        handle(session.address(), ws, message);
    }

    private void login(WsMessageContext ws, Session awaiting, AgentMessage message) {
        if (!(message instanceof AgentMessage.Hello hello) || !AgentAuth.verify(awaiting.challenge(), hello)) {
            refuse(ws, "BAD_SIGNATURE", "the hello must sign this connection's challenge with the provider's key");
            return;
        }
        Address address = Address.parse(hello.address());
        if (ledger.get().provider(address).isEmpty()) {
            refuse(ws, "UNKNOWN_PROVIDER", "register " + address + " on the ledger before connecting");
            return;
        }
        Session previous = online.put(address, new Session(ws, awaiting.challenge(), address, clock.instant(), true));
        if (previous != null && !sameConnection(previous, ws)) {
            closeQuietly(previous.ws());
        }
        sendTo(ws, new AgentMessage.Welcome(heartbeatInterval.toMillis()));
        events.publish("provider", Map.of("address", address.toString(), "online", true));
        LOG.info("provider {} online", address);
        Listener current = listener;
        if (current != null) {
            current.onProviderOnline(address);
        }
    }

    private void handle(Address provider, WsMessageContext ws, AgentMessage message) {
        switch (message) {
            case AgentMessage.Heartbeat ignored -> { }
            case AgentMessage.HardwareReport report -> hardware(provider, ws, report);
            case AgentMessage.Progress progress -> {
                if (holdsLease(provider, progress.jobId(), progress.attempt())) {
                    telemetry.progress(provider.toString(), progress);
                    events.publish("progress", progress);
                }
            }
            case AgentMessage.Result result -> {
                if (holdsLease(provider, result.jobId(), result.attempt())) {
                    telemetry.result(provider.toString(), result);
                    events.publish("result", result);
                }
            }
            case AgentMessage.Checkpoint checkpoint -> takeCheckpoint(provider, ws, checkpoint);
            case AgentMessage.Failed failed -> {
                Listener current = listener;
                if (current != null) {
                    current.onJobFailed(provider, failed.jobId(), failed.attempt(), failed.reason());
                }
            }
            case AgentMessage.Logs lines -> takeLogs(provider, ws, lines);
            case AgentMessage.LogAck a -> refuse(ws, "UNEXPECTED", "agents do not acknowledge logs");
            case AgentMessage.ProxyHead head -> proxyReplies.deliver(provider, head.stream(), head);
            case AgentMessage.ProxyChunk chunk -> proxyReplies.deliver(provider, chunk.stream(), chunk);
            case AgentMessage.ProxyEnd end -> proxyReplies.deliver(provider, end.stream(), end);
            case AgentMessage.ProxyRequest r -> refuse(ws, "UNEXPECTED", "agents do not make port requests");
            case AgentMessage.ProxyCancel c -> refuse(ws, "UNEXPECTED", "agents do not cancel port requests");
            case AgentMessage.ProofResponse response -> answerProof(provider, ws, response.challengeId(), response);
            case AgentMessage.ProofRefused refused -> answerProof(provider, ws, refused.challengeId(), refused);
            case AgentMessage.Challenge c -> refuse(ws, "UNEXPECTED", "agents do not send challenges");
            case AgentMessage.ProofChallenge c -> refuse(ws, "UNEXPECTED", "agents do not send proof challenges");
            case AgentMessage.Hello h -> refuse(ws, "UNEXPECTED", "already authenticated");
            case AgentMessage.Welcome w -> refuse(ws, "UNEXPECTED", "agents do not send welcomes");
            case AgentMessage.Assign a -> refuse(ws, "UNEXPECTED", "agents do not assign work");
            case AgentMessage.Abort a -> refuse(ws, "UNEXPECTED", "agents do not abort work");
            case AgentMessage.Reclaim r -> refuse(ws, "UNEXPECTED", "agents do not reclaim work");
            case AgentMessage.Error error -> LOG.warn("provider {} reports {}: {}", provider, error.code(), error.message());
        }
    }

    private void hardware(Address provider, WsMessageContext ws, AgentMessage.HardwareReport report) {
        Session session = online.get(provider);
        if (session == null || !sameConnection(session, ws)) {
            return;
        }
        Optional<String> problem = HardwareAttestation.problem(session.challenge(), provider, report);
        if (problem.isPresent()) {
            refuse(ws, "BAD_HARDWARE_REPORT", problem.get());
            return;
        }
        if (report.sealingKey() != null) {
            Optional<String> keyProblem = report.sealingKey().address().equals(provider.toString())
                    ? SealedSecrets.problem(report.sealingKey(), session.challenge().networkId())
                    : Optional.of("the sealing key names another provider");
            if (keyProblem.isPresent()) {
                refuse(ws, "BAD_SEALING_KEY", keyProblem.get());
                return;
            }
            sealingKeys.put(provider, report.sealingKey());
        }
        if (report.measured() != null) {
            measurements.put(provider, report.measured());
        }
        sybils.reported(provider, report.gpuUuids(), report.fingerprint(), remoteIp(ws));
        if (sybils.flags(provider)) {
            LOG.warn("provider {} shares hardware or origin with other provider keys; see GET /v1/verification", provider);
            events.publish("sybil", Map.of("provider", provider.toString()));
        }
    }

    /** The connection's source address: one of the sybil signals, since a farm of identities tends to share one. */
    private static String remoteIp(WsContext ws) {
        return ws.session.getRemoteSocketAddress() instanceof InetSocketAddress socket && socket.getAddress() != null
                ? socket.getAddress().getHostAddress() : "unknown";
    }

    /**
     * Files a job's log lines and acknowledges them. Lines come from the provider of the job's lease
     * (the current one or, after completion, the last), for that attempt; a late batch after the
     * lease moved on is refused without closing the connection.
     */
    private void takeLogs(Address provider, WsContext ws, AgentMessage.Logs lines) {
        LogBook book = logs;
        Optional<Hash> job = parseHash(lines.jobId());
        boolean party = job.flatMap(id -> ledger.get().job(id))
                .map(j -> j.leases().stream()
                        .anyMatch(lease -> lease.provider().equals(provider) && lease.attempt() == lines.attempt()))
                .orElse(false);
        if (book == null || !party || lines.lines().size() > AgentMessage.Logs.MAX_LINES) {
            sendTo(ws, new AgentMessage.Error("LOGS_REFUSED", "no lease of " + provider + " for job " + lines.jobId()
                    + " attempt " + lines.attempt() + ", or more than " + AgentMessage.Logs.MAX_LINES + " lines"));
            return;
        }
        long acked = book.append(job.get(), lines.attempt(), lines.lines());
        sendTo(ws, new AgentMessage.LogAck(lines.jobId(), lines.attempt(), acked));
    }

    /** A refused announcement is answered, not punished: the lease may have moved on while the upload ran. */
    private void takeCheckpoint(Address provider, WsContext ws, AgentMessage.Checkpoint checkpoint) {
        CheckpointBook book = checkpoints;
        Optional<AgentMessage.Error> refused = book == null
                ? Optional.of(new AgentMessage.Error("CHECKPOINTS_OFF", "this coordinator keeps no checkpoints"))
                : book.take(provider, checkpoint);
        if (refused.isPresent()) {
            LOG.info("checkpoint of job {} from {} refused: {}", checkpoint.jobId(), provider, refused.get().message());
            sendTo(ws, refused.get());
            return;
        }
        LOG.info("job {}: checkpoint at step {} from {}", checkpoint.jobId(), checkpoint.step(), provider);
        events.publish("checkpoint", checkpoint);
    }

    /**
     * Hands an agent's answer to the checker waiting on that challenge. An answer to no challenge
     * pending for this provider (another's, an old one, a replay) is refused and goes no further;
     * the connection stays, since a late answer is no offence.
     */
    private void answerProof(Address provider, WsContext ws, String challengeId, AgentMessage answer) {
        PendingProof pending = parseHash(challengeId).map(proofs::get).orElse(null);
        if (pending == null || !pending.provider().equals(provider)) {
            sendTo(ws, new AgentMessage.Error("UNKNOWN_CHALLENGE", "no challenge " + challengeId + " is pending for " + provider));
            return;
        }
        if (answer instanceof AgentMessage.ProofResponse) {
            sybils.answered(provider, pending.round(), Duration.between(pending.sent(), clock.instant()).toNanos() / 1e9);
        }
        pending.answer().complete(answer);
    }

    private static Optional<Hash> parseHash(String hex) {
        try {
            return Optional.of(Hash.parse(hex));
        } catch (IllegalArgumentException | NullPointerException badId) {
            return Optional.empty();
        }
    }

    private boolean holdsLease(Address provider, String jobId, int attempt) {
        try {
            return ledger.get().job(Hash.parse(jobId))
                    .map(job -> job.isLeasedTo(provider, attempt))
                    .orElse(false);
        } catch (IllegalArgumentException badId) {
            return false;
        }
    }

    private void onClose(WsCloseContext ws) {
        pending.remove(ws.sessionId());
        Session session = sessionOf(ws);
        if (session != null) {
            // It keeps its leases until the heartbeat timeout: a short network blip must not cost a provider its work.
            online.computeIfPresent(session.address(), (address, current) -> sameConnection(current, ws) ? current.disconnected() : current);
            // Its pending challenges cannot be answered on this connection: their checkers learn it now, not at the deadline.
            proofs.values().stream().filter(p -> p.provider().equals(session.address()))
                    .forEach(p -> p.answer().completeExceptionally(new ProviderDisconnected(session.address())));
        }
    }

    private Session sessionOf(WsContext ws) {
        return online.values().stream().filter(s -> sameConnection(s, ws)).findFirst().orElse(null);
    }

    /** Javalin hands each event its own context object; the session id is what identifies a connection. */
    private static boolean sameConnection(Session session, WsContext ws) {
        return session.ws().sessionId().equals(ws.sessionId());
    }

    private static void refuse(WsContext ws, String code, String message) {
        sendTo(ws, new AgentMessage.Error(code, message));
        closeQuietly(ws);
    }

    private static boolean sendTo(WsContext ws, AgentMessage message) {
        try {
            synchronized (ws) {
                ws.send(AgentMessage.encode(message));
            }
            return true;
        } catch (RuntimeException closed) {
            return false;
        }
    }

    private static void closeQuietly(WsContext ws) {
        try {
            ws.closeSession();
        } catch (RuntimeException alreadyClosed) {
            // nothing to do
        }
    }
}
