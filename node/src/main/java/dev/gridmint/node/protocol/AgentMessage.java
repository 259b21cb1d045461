package dev.gridmint.node.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.gridmint.node.json.Json;
import java.util.List;
import java.util.Map;

/**
 * The messages on the WebSocket between a provider agent and the coordinator. The agent dials
 * out, so it works behind NAT. Nothing here moves money: ledger changes still travel as signed
 * transactions over REST; this link carries identity, liveness, work and telemetry.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AgentMessage.Challenge.class, name = "challenge"),
    @JsonSubTypes.Type(value = AgentMessage.Hello.class, name = "hello"),
    @JsonSubTypes.Type(value = AgentMessage.Welcome.class, name = "welcome"),
    @JsonSubTypes.Type(value = AgentMessage.HardwareReport.class, name = "hardwareReport"),
    @JsonSubTypes.Type(value = AgentMessage.Heartbeat.class, name = "heartbeat"),
    @JsonSubTypes.Type(value = AgentMessage.Assign.class, name = "assign"),
    @JsonSubTypes.Type(value = AgentMessage.Abort.class, name = "abort"),
    @JsonSubTypes.Type(value = AgentMessage.Reclaim.class, name = "reclaim"),
    @JsonSubTypes.Type(value = AgentMessage.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = AgentMessage.Result.class, name = "result"),
    @JsonSubTypes.Type(value = AgentMessage.Checkpoint.class, name = "checkpoint"),
    @JsonSubTypes.Type(value = AgentMessage.Failed.class, name = "failed"),
    @JsonSubTypes.Type(value = AgentMessage.ProofChallenge.class, name = "proofChallenge"),
    @JsonSubTypes.Type(value = AgentMessage.ProofResponse.class, name = "proofResponse"),
    @JsonSubTypes.Type(value = AgentMessage.ProofRefused.class, name = "proofRefused"),
    @JsonSubTypes.Type(value = AgentMessage.Logs.class, name = "logs"),
    @JsonSubTypes.Type(value = AgentMessage.LogAck.class, name = "logAck"),
    @JsonSubTypes.Type(value = AgentMessage.ProxyRequest.class, name = "proxyRequest"),
    @JsonSubTypes.Type(value = AgentMessage.ProxyHead.class, name = "proxyHead"),
    @JsonSubTypes.Type(value = AgentMessage.ProxyChunk.class, name = "proxyChunk"),
    @JsonSubTypes.Type(value = AgentMessage.ProxyEnd.class, name = "proxyEnd"),
    @JsonSubTypes.Type(value = AgentMessage.ProxyCancel.class, name = "proxyCancel"),
    @JsonSubTypes.Type(value = AgentMessage.Error.class, name = "error")
})
public sealed interface AgentMessage {

    /** Coordinator to agent, first thing on a new connection: prove you own your address. */
    record Challenge(String networkId, String nonce) implements AgentMessage {}

    /** Agent to coordinator: the challenge signed with the provider's key (see {@link AgentAuth}). */
    record Hello(String address, String signature) implements AgentMessage {}

    /** Coordinator to agent: authenticated; send a heartbeat at least this often. */
    record Welcome(long heartbeatMillis) implements AgentMessage {}

    /**
     * Agent to coordinator, right after the welcome: the GPUs' UUIDs and the machine's fingerprint,
     * signed over this connection's challenge (see {@link HardwareAttestation}), so the network can tell
     * when one machine hides behind several provider keys.
     */
    record HardwareReport(String address, List<String> gpuUuids, String fingerprint, String signature,
            SealedSecrets.SealingKey sealingKey, Measured measured) implements AgentMessage {
        public HardwareReport {
            gpuUuids = List.copyOf(gpuUuids);
        }

        public HardwareReport(String address, List<String> gpuUuids, String fingerprint, String signature) {
            this(address, gpuUuids, fingerprint, signature, null, null);
        }

        /** The same report announcing the provider's key for sealed secrets (it carries its own signature). */
        public HardwareReport withSealingKey(SealedSecrets.SealingKey key) {
            return new HardwareReport(address, gpuUuids, fingerprint, signature, key, measured);
        }
    }

    /**
     * What the agent measured, inside its signed hardware report: its link to the coordinator (a timed
     * transfer each way, Mbit/s; 0 where it could not measure) and its data directory's disk (GiB).
     */
    record Measured(long downMbps, long upMbps, long diskFreeGb, long diskTotalGb) {
        public static final Measured NONE = new Measured(0, 0, 0, 0);
    }

    /** Agent to coordinator: still here, and which job (if any) it is running. */
    record Heartbeat(String runningJob) implements AgentMessage {}

    /**
     * Coordinator to agent: run this job under this lease attempt. {@code resume} lists the job's
     * checkpoints that an earlier lease holder stored, newest first (empty for a fresh start): the
     * agent resumes from the first one that downloads whole and checks out. A member of a multi-node
     * job (a gang) learns its seat: {@code gangIndex} 0..{@code gangSize}-1, which the workload reads as its rank
     * ({@value #GANG_INDEX_ENV}, {@value #GANG_SIZE_ENV}); a plain job is seat 0 of 1.
     */
    record Assign(String jobId, int attempt, String workload, List<String> args, long maxSeconds,
            List<CheckpointRef> resume, int gangIndex, int gangSize) implements AgentMessage {
        /** The most checkpoints one assignment names. */
        public static final int MAX_RESUME = 4;
        public static final String GANG_INDEX_ENV = "GRIDMINT_GANG_INDEX";
        public static final String GANG_SIZE_ENV = "GRIDMINT_GANG_SIZE";

        public Assign {
            args = List.copyOf(args);
            resume = resume == null ? List.of() : List.copyOf(resume);
            gangSize = gangSize == 0 ? 1 : gangSize; // a message from before gangs names no gang
            if (gangSize < 0 || gangIndex < 0 || gangIndex >= gangSize) {
                throw new IllegalArgumentException("a gang seat is 0.." + (gangSize - 1) + ", not " + gangIndex);
            }
        }

        /** A plain job's assignment. */
        public Assign(String jobId, int attempt, String workload, List<String> args, long maxSeconds, List<CheckpointRef> resume) {
            this(jobId, attempt, workload, args, maxSeconds, resume, 0, 1);
        }

        /** A fresh start, from no checkpoint. */
        public Assign(String jobId, int attempt, String workload, List<String> args, long maxSeconds) {
            this(jobId, attempt, workload, args, maxSeconds, List.of());
        }

        /** The environment a member of a gang runs with; none for a plain job. */
        public java.util.Map<String, String> gangEnvironment() {
            return gangSize == 1 ? java.util.Map.of()
                    : java.util.Map.of(GANG_INDEX_ENV, Integer.toString(gangIndex), GANG_SIZE_ENV, Integer.toString(gangSize));
        }
    }

    /** A checkpoint in the coordinator's artifact store: the training step it holds and its manifest's SHA-256 (hex). */
    record CheckpointRef(long step, String manifest) {}

    /** Coordinator to agent: the lease is gone; stop the job. */
    record Abort(String jobId, int attempt, String reason) implements AgentMessage {}

    /**
     * Coordinator to agent: this spot lease is being reclaimed for a reserved job and ends at ledger
     * second {@code deadline}, when an {@link Abort} follows; until then the job runs (and is billed) as before.
     */
    record Reclaim(String jobId, int attempt, long deadline) implements AgentMessage {}

    /** Agent to coordinator: training progress, shown live and never billed. */
    record Progress(String jobId, int attempt, int step, int totalSteps, double trainLoss, double valLoss)
            implements AgentMessage {}

    /** Agent to coordinator: what the job produced, besides the hash it signs into the ledger. */
    record Result(String jobId, int attempt, String modelSha256, long modelBytes, double finalTrainLoss,
            double finalValLoss, List<String> samples) implements AgentMessage {
        public Result {
            samples = List.copyOf(samples);
        }
    }

    /**
     * Agent to coordinator: a checkpoint of this attempt, its manifest and blobs already uploaded to
     * the artifact store under the job; a later attempt resumes from the newest one the coordinator took.
     */
    record Checkpoint(String jobId, int attempt, long step, String manifest) implements AgentMessage {}

    /** Agent to coordinator: the job could not run; the lease should go to someone else. */
    record Failed(String jobId, int attempt, String reason) implements AgentMessage {}

    /**
     * Coordinator to agent, relayed from a checker: a proof-of-GPU challenge (verify's {@code
     * Challenge}, field by field; {@link Proofs} converts and bounds it). The seed is hex, the
     * addresses base58.
     */
    record ProofChallenge(String checker, String provider, String seed, long round, int n, String precision,
            String claimedModel, long deadlineNanos) implements AgentMessage {}

    /**
     * Agent to coordinator: the signed answer to a {@link ProofChallenge} (verify's {@code
     * ChallengeResponse}); the coordinator relays it to the checker untouched.
     */
    record ProofResponse(String challengeId, String provider, String root, long elapsedNanos, List<ProofOpening> openings,
            String signature) implements AgentMessage {
        public ProofResponse {
            openings = List.copyOf(openings);
        }
    }

    /**
     * Agent to coordinator: the agent will not answer this challenge (a stable code: FOREIGN_CHALLENGE,
     * BAD_CHALLENGE, CHALLENGE_TOO_LARGE, GPU_FAILED); the coordinator hands the refusal to the waiting checker.
     */
    record ProofRefused(String challengeId, String code, String message) implements AgentMessage {}

    /** One opened row of a {@link ProofResponse}: the row's floats (little-endian, base64) and its Merkle path (hex). */
    record ProofOpening(int row, String values, List<String> path) {
        public ProofOpening {
            path = List.copyOf(path);
        }
    }

    /**
     * Agent to coordinator: a job's output lines, numbered from 1 per attempt. The agent keeps a line
     * until a {@link LogAck} covers it and sends it again after a reconnect; the coordinator skips
     * numbers it has seen, so nothing is shown twice.
     */
    record Logs(String jobId, int attempt, List<LogEntry> lines) implements AgentMessage {
        /** The most lines one message may carry. */
        public static final int MAX_LINES = 500;

        public Logs {
            lines = List.copyOf(lines);
        }
    }

    /** One line of {@link Logs}: {@code stream} is {@code stdout} or {@code stderr}. */
    record LogEntry(long seq, String stream, String text) {}

    /** Coordinator to agent: every line of that attempt up to {@code seq} is taken (kept, or counted as dropped). */
    record LogAck(String jobId, int attempt, long seq) implements AgentMessage {}

    /**
     * Coordinator to agent: a tenant's HTTP request for port {@code port} of job {@code jobId}, to be
     * made on the provider's machine. The agent dialled out, so this is how a provider behind NAT serves.
     * {@code body} is base64. The answer is a {@link ProxyHead}, then {@link ProxyChunk}s, then a
     * {@link ProxyEnd}, all tagged with {@code stream}.
     */
    record ProxyRequest(String stream, String jobId, int port, String method, String path, Map<String, String> headers,
            String body) implements AgentMessage {
        public ProxyRequest {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * Agent to coordinator: the service's status line and headers, and in {@code data} (base64, or null) the first
     * piece of the body when it was ready with them: one message instead of two for a short answer or a stream's first event.
     */
    record ProxyHead(String stream, int status, Map<String, String> headers, String data) implements AgentMessage {
        public ProxyHead {
            headers = Map.copyOf(headers);
        }

        public ProxyHead(String stream, int status, Map<String, String> headers) {
            this(stream, status, headers, null);
        }
    }

    /** Agent to coordinator: the next piece of the response body (base64), sent as soon as the service writes it. */
    record ProxyChunk(String stream, String data) implements AgentMessage {}

    /** Agent to coordinator: the response is complete, or failed with a stable code ({@code error} null on success). */
    record ProxyEnd(String stream, String error, String message) implements AgentMessage {}

    /** Coordinator to agent: the tenant went away; stop reading from the service. */
    record ProxyCancel(String stream) implements AgentMessage {}

    /** Either way: a refusal with a stable code. */
    record Error(String code, String message) implements AgentMessage {}

    static String encode(AgentMessage message) {
        return Json.MAPPER.writerFor(AgentMessage.class).writeValueAsString(message);
    }

    /** Parses one message strictly; throws {@link tools.jackson.core.JacksonException} on anything else. */
    static AgentMessage decode(String json) {
        return Json.MAPPER.readValue(json, AgentMessage.class);
    }
}
