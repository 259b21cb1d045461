package dev.gridmint.node.client;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.EpochSummary;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.node.api.ApiError;
import dev.gridmint.node.api.MarketViews;
import dev.gridmint.node.api.SpotCheckView;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.api.Views.AccountView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.api.Views.ProviderView;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.logs.LogLine;
import dev.gridmint.node.logs.LogPage;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.protocol.ChallengeRequest;
import dev.gridmint.node.protocol.SignedPass;
import dev.gridmint.node.api.ArtifactView;
import dev.gridmint.node.artifact.ArtifactKind;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.artifact.UploadStatement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.type.TypeReference;

/** The coordinator's REST API from Java: used by the CLI, the provider agent and the tests. */
public final class CoordinatorClient {

    private static final SecureRandom NONCES = new SecureRandom();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** An upload is answered once its whole body is in: room for the largest artifact on a slow link. */
    private static final Duration TRANSFER_TIMEOUT = Duration.ofHours(1);

    private final URI base;
    private final HttpClient http;

    private volatile String networkId;

    public CoordinatorClient(String baseUrl) {
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        // HTTP/1.1 with keep-alive, which the coordinator speaks: the client's default (HTTP/2) would offer
        // an h2c upgrade on every new connection, which the coordinator declines.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The coordinator's URL, without a trailing slash. */
    public String baseUrl() {
        String url = base.toString();
        return url.substring(0, url.length() - 1);
    }

    public Views.TxAccepted submit(SignedTx tx) {
        String body = Json.write(new Views.TxSubmission(Base64.getEncoder().encodeToString(tx.encode())));
        return send(HttpRequest.newBuilder(base.resolve("v1/tx"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), new TypeReference<>() {});
    }

    /**
     * Submits up to {@code HttpApi.MAX_BATCH} transactions in one request ({@code POST /v1/tx/batch});
     * one result per transaction, in order, each accepted or refused on its own.
     */
    public List<Views.TxResult> submitBatch(List<SignedTx> txs) {
        var encoded = txs.stream().map(tx -> Base64.getEncoder().encodeToString(tx.encode())).toList();
        return send(HttpRequest.newBuilder(base.resolve("v1/tx/batch"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(new Views.TxBatch(encoded)))), new TypeReference<>() {});
    }

    /** Signs a payload at the signer's next nonce, as the coordinator sees it now, and submits it. */
    public Views.TxAccepted signAndSubmit(Keypair signer, TxPayload payload) {
        long nonce = account(signer.address()).nonce() + 1;
        return submit(SignedTx.sign(signer, networkId(), nonce, payload));
    }

    /** The coordinator's network id, asked once: a coordinator serves one network for its whole life. */
    public String networkId() {
        String id = networkId;
        if (id == null) {
            id = ledger().networkId();
            networkId = id;
        }
        return id;
    }

    /** Checks every invariant of the live ledger against its tables: costs the coordinator O(state). */
    public Views.AuditView audit() {
        return get("v1/ledger/audit", new TypeReference<>() {});
    }

    public LedgerView ledger() {
        return get("v1/ledger", new TypeReference<>() {});
    }

    public Views.SupplyView supply() {
        return get("v1/supply", new TypeReference<>() {});
    }

    /** The latest closed epochs, newest first. */
    public List<EpochSummary> epochs(int limit) {
        return get("v1/epochs?limit=" + limit, new TypeReference<>() {});
    }

    public List<Views.PartnerPoolView> partnerPools() {
        return get("v1/partner-pools", new TypeReference<>() {});
    }

    public Views.ParamsView params() {
        return get("v1/params", new TypeReference<>() {});
    }

    public AccountView account(Address address) {
        return get("v1/accounts/" + address, new TypeReference<>() {});
    }

    public List<ProviderView> providers() {
        return get("v1/providers", new TypeReference<>() {});
    }

    /** The key the provider announced for sealed secrets, as the coordinator relays it: check its signature before use. */
    public dev.gridmint.node.protocol.SealedSecrets.SealingKey sealingKey(Address provider) {
        return get("v1/providers/" + provider + "/sealing-key", new TypeReference<>() {});
    }

    public List<JobView> jobs() {
        return get("v1/jobs", new TypeReference<>() {});
    }

    public JobView job(Hash id) {
        return get("v1/jobs/" + id.hex(), new TypeReference<>() {});
    }

    public List<Views.LogEntryView> log(long from, int limit) {
        return get("v1/ledger/log?from=" + from + "&limit=" + limit, new TypeReference<>() {});
    }

    public List<MarketViews.OfferView> marketOffers(int offset, int limit) {
        return get("v1/market/offers?offset=" + offset + "&limit=" + limit, new TypeReference<>() {});
    }

    public List<MarketViews.OrderView> marketOrders(int offset, int limit) {
        return get("v1/market/orders?offset=" + offset + "&limit=" + limit, new TypeReference<>() {});
    }

    /** The price index, every model or only {@code model} when it is not null, with up to {@code history} closed periods each. */
    public List<MarketViews.PriceView> marketPrices(String model, int history) {
        String query = "v1/market/prices?history=" + history
                + (model == null ? "" : "&model=" + java.net.URLEncoder.encode(model, java.nio.charset.StandardCharsets.UTF_8));
        return get(query, new TypeReference<>() {});
    }

    public MarketViews.AuctionView marketAuction(Hash jobId) {
        return get("v1/market/auctions/" + jobId.hex(), new TypeReference<>() {});
    }

    public VerificationView verification() {
        return get("v1/verification", new TypeReference<>() {});
    }

    /**
     * The gateway's inference spot checks numbered above {@code after}, oldest first, with their evidence and outputs;
     * readable by a staked checker only, so {@code checker} signs a pass for the request.
     */
    public List<SpotCheckView> spotCheckEvidence(Keypair checker, long after) {
        String pass = SignedPass.sign(SignedPass.Purpose.EVIDENCE, checker, networkId(),
                System.currentTimeMillis() + SignedPass.MAX_LIFETIME_MILLIS / 2).text();
        return send(HttpRequest.newBuilder(base.resolve("v1/verification/evidence?after=" + after))
                .header(SignedPass.Purpose.EVIDENCE.header(), pass).GET(), new TypeReference<EvidenceList>() {}).spotChecks();
    }

    /** The body of {@code GET /v1/verification/evidence}. */
    record EvidenceList(@com.fasterxml.jackson.annotation.JsonProperty("spot_checks") List<SpotCheckView> spotChecks) {}

    /**
     * Asks the coordinator to relay a signed challenge to its provider; returns the agent's answer
     * (a {@link AgentMessage.ProofResponse}), or throws with the coordinator's refusal.
     */
    public AgentMessage challenge(ChallengeRequest request) {
        return send(HttpRequest.newBuilder(base.resolve("v1/challenges"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(request))), new TypeReference<>() {});
    }

    /**
     * Uploads a file as an artifact, signed by {@code uploader} for {@code jobId} (or for no job when
     * null); hashes the file first, then streams it. Returns the coordinator's view of it.
     */
    public ArtifactView uploadArtifact(Keypair uploader, Path file, Hash jobId, ArtifactKind kind, String name) {
        try {
            return upload(uploader, Artifacts.sha256Of(file), Files.size(file), HttpRequest.BodyPublishers.ofFile(file), jobId,
                    kind, name);
        } catch (IOException e) {
            throw new CoordinatorException(0, "UNREADABLE", "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** As {@link #uploadArtifact(Keypair, Path, Hash, ArtifactKind, String)}, for content already in memory. */
    public ArtifactView uploadArtifact(Keypair uploader, byte[] content, Hash jobId, ArtifactKind kind, String name) {
        return upload(uploader, Hash.sha256(content), content.length, HttpRequest.BodyPublishers.ofByteArray(content), jobId,
                kind, name);
    }

    private ArtifactView upload(Keypair uploader, Hash sha256, long size, HttpRequest.BodyPublisher body, Hash jobId,
            ArtifactKind kind, String name) {
        byte[] nonce = new byte[16];
        NONCES.nextBytes(nonce);
        var statement = new UploadStatement(networkId(), sha256, size, Optional.ofNullable(jobId), kind, name,
                Instant.now().getEpochSecond(), HexFormat.of().formatHex(nonce));
        var request = HttpRequest.newBuilder(base.resolve("v1/artifacts/" + sha256.hex()))
                .header("Content-Type", "application/octet-stream")
                .expectContinue(true) // a refused upload is refused before its body is sent
                .PUT(body);
        statement.sign(uploader).headers().forEach(request::header);
        return send(request, new TypeReference<>() {}, TRANSFER_TIMEOUT);
    }

    /** The artifacts filed for a job. */
    public List<ArtifactView> jobArtifacts(Hash jobId) {
        JobArtifacts listing = get("v1/jobs/" + jobId.hex() + "/artifacts", new TypeReference<>() {});
        return listing.artifacts();
    }

    /** The body of {@code GET /v1/jobs/{id}/artifacts}. */
    public record JobArtifacts(String jobId, List<ArtifactView> artifacts) {
        public JobArtifacts {
            artifacts = List.copyOf(artifacts);
        }
    }

    /**
     * Downloads an artifact into {@code target}, checking its hash on the way: the bytes land in a
     * temporary sibling that is moved into place only if its SHA-256 is {@code sha256}, so a corrupt
     * or cut-short download leaves nothing at {@code target} and throws {@code CORRUPT_DOWNLOAD}.
     * {@code progress} is told the total once and then each chunk's bytes.
     */
    public void downloadArtifact(Hash sha256, Path target, Artifacts.Progress progress) {
        try {
            var response = http.send(HttpRequest.newBuilder(base.resolve("v1/artifacts/" + sha256.hex())).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    ApiError error = parseError(new String(body.readNBytes(64 * 1024), java.nio.charset.StandardCharsets.UTF_8));
                    throw new CoordinatorException(response.statusCode(), error.code(), error.message());
                }
                progress.started(response.headers().firstValueAsLong("Content-Length").orElse(-1));
                Artifacts.receive(body, sha256, target, progress);
            }
        } catch (Artifacts.CorruptDownload e) {
            throw new CoordinatorException(0, "CORRUPT_DOWNLOAD", e.getMessage());
        } catch (IOException e) {
            throw new CoordinatorException(0, "UNREACHABLE", "cannot download from " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException(0, "INTERRUPTED", "interrupted");
        }
    }

    /** A page of a job's log history, from line {@code from}. */
    public LogPage jobLogs(Hash jobId, long from, int limit) {
        return get("v1/jobs/" + jobId.hex() + "/logs?from=" + from + "&limit=" + limit, new TypeReference<>() {});
    }

    /**
     * Follows a job's log stream from line {@code from}: hands each line to {@code each} as it comes,
     * and returns the count of dropped lines once the job ends and the stream says so.
     */
    public long followLogs(Hash jobId, long from, Consumer<LogLine> each) {
        try {
            var response = http.send(HttpRequest.newBuilder(base.resolve("v1/jobs/" + jobId.hex() + "/logs/stream?from=" + from))
                    .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                ApiError error = parseError(String.join("\n", response.body().limit(20).toList()));
                throw new CoordinatorException(response.statusCode(), error.code(), error.message());
            }
            var events = new ServerSentEvents(response.body());
            for (var event = events.next(); event.isPresent(); event = events.next()) {
                switch (event.get().name()) {
                    case "line" -> each.accept(Json.MAPPER.readValue(event.get().data(), LogLine.class));
                    case "end" -> {
                        return Json.MAPPER.readTree(event.get().data()).path("dropped").asLong();
                    }
                    default -> { }
                }
            }
            throw new CoordinatorException(0, "STREAM_CLOSED", "the coordinator closed the log stream before the job ended");
        } catch (IOException e) {
            throw new CoordinatorException(0, "UNREACHABLE", "cannot reach the coordinator at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException(0, "INTERRUPTED", "interrupted");
        }
    }

    /** True once {@code /health} answers. */
    public boolean healthy() {
        try {
            var response = http.send(HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T> T get(String path, TypeReference<T> type) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), type);
    }

    private <T> T send(HttpRequest.Builder request, TypeReference<T> type) {
        return send(request, type, REQUEST_TIMEOUT);
    }

    private <T> T send(HttpRequest.Builder request, TypeReference<T> type, Duration timeout) {
        try {
            var response = http.send(request.timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                ApiError error = parseError(response.body());
                throw new CoordinatorException(response.statusCode(), error.code(), error.message());
            }
            return Json.MAPPER.readValue(response.body(), type);
        } catch (IOException e) {
            throw new CoordinatorException(0, "UNREACHABLE", "cannot reach the coordinator at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinatorException(0, "INTERRUPTED", "interrupted");
        }
    }

    private static ApiError parseError(String body) {
        try {
            return Json.MAPPER.readValue(body, ApiError.class);
        } catch (RuntimeException notJson) {
            return new ApiError("HTTP_ERROR", body.length() > 200 ? body.substring(0, 200) : body);
        }
    }

    /** The coordinator refused, or could not be reached. */
    public static final class CoordinatorException extends RuntimeException {
        private final int status;
        private final String code;

        public CoordinatorException(int status, String code, String message) {
            super(code + ": " + message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }
}
