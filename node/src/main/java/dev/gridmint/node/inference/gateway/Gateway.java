package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.coordinator.AgentHub;
import dev.gridmint.node.coordinator.Tunnel;
import dev.gridmint.node.inference.openai.InferenceRequest;
import dev.gridmint.node.inference.openai.OpenAiException;
import dev.gridmint.node.inference.openai.RequestParser;
import dev.gridmint.node.inference.openai.Responses;
import dev.gridmint.node.inference.serve.MiniLmEmbeddingModel;
import dev.gridmint.node.inference.serve.ModelLoader;
import dev.gridmint.node.inference.serve.ServingJob;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.workloads.serve.NamesChatModel;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI-compatible gateway: {@code /v1/models}, {@code /v1/chat/completions} (plain and SSE),
 * {@code /v1/completions}, {@code /v1/embeddings}, and {@code /v1/api-keys} to make, list and revoke keys. A request is
 * checked (key, rate limit, body, model, the wallet's credits), routed to an inference job serving its
 * model, and relayed through the port tunnel; the answer's {@code usage} is metered against the key's
 * wallet. A plain request that fails on one provider is tried on the next; a stream that breaks after
 * it started ends with an OpenAI error event and {@code [DONE]}.
 */
public final class Gateway {

    /** Requests per key: a burst of this many, refilled at this rate. */
    public static final double RATE_BURST = 20;
    public static final double RATE_PER_SECOND = 10;
    /** How many live API keys one wallet may hold, which bounds what a wallet can make the gateway store. */
    public static final int MAX_KEYS_PER_WALLET = 100;
    /** Micro-CC per 1,000 tokens: a model artifact is priced as the built-in chat model. */
    public static final TokenPrices PRICES = new TokenPrices(Map.of(NamesChatModel.ID, 2_000L, MiniLmEmbeddingModel.ID, 100L), 2_000L);
    public static final String PROVIDER_HEADER = "X-Gridmint-Provider";
    static final int MAX_ATTEMPTS = 3;
    static final Duration FIRST_BYTE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final String networkId;
    private final Supplier<LedgerState> ledger;
    private final AgentHub agents;
    private final Tunnel tunnel;
    private final InstantSource clock;
    private final ApiKeys keys;
    private final Router router = new Router();
    private final UsageMeter meter;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final SpotChecker spotChecks;
    private final Hedging hedging;

    /** {@code billing}: the keys and the meter, which the coordinator saves and settles through the ledger. */
    public Gateway(String networkId, Supplier<LedgerState> ledger, AgentHub agents, Tunnel tunnel, InstantSource clock,
            InferenceBilling billing, GatewaySettings settings) {
        this.hedging = settings.hedging();
        this.networkId = networkId;
        this.ledger = ledger;
        this.agents = agents;
        this.tunnel = tunnel;
        this.clock = clock;
        this.keys = billing.keys;
        this.meter = billing.meter;
        byte[] spotSeed = new byte[Hash.LENGTH];
        new SecureRandom().nextBytes(spotSeed);
        this.spotChecks = new SpotChecker(new Hash(spotSeed), settings.spotCheckFraction(), ledger,
                model -> router.routes(ledger.get(), agents.connectedProviders(), model),
                new ProviderCall(tunnel, agents, SpotChecker.RERUN_TIMEOUT), clock);
    }

    /** The output spot checks (see {@link SpotChecker}). */
    public SpotChecker spotChecks() {
        return spotChecks;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/v1/api-keys", ctx -> guarded(ctx, this::createKey));
        routes.get("/v1/api-keys", ctx -> guarded(ctx, this::listKeys));
        routes.post("/v1/api-keys/revoke", ctx -> guarded(ctx, this::revokeKey));
        routes.get("/v1/models", ctx -> guarded(ctx, this::models));
        routes.post("/v1/chat/completions", ctx -> guarded(ctx, c -> infer(c, RequestParser.chat(c.bodyAsBytes()), "/v1/chat/completions")));
        routes.post("/v1/completions", ctx -> guarded(ctx, c -> infer(c, RequestParser.completion(c.bodyAsBytes()), "/v1/completions")));
        routes.post("/v1/embeddings", ctx -> guarded(ctx, c -> infer(c, RequestParser.embeddings(c.bodyAsBytes()), "/v1/embeddings")));
        routes.get("/v1/inference/routes", ctx -> ctx.json(routeTable()));
        routes.get("/v1/inference/usage", ctx -> guarded(ctx, c -> {
            ApiKeys.Holder holder = authorize(c);
            c.json(UsageView.of(meter.usage(holder.wallet()), meter.keyUsage(holder.keyHash()), holder.limit()));
        }));
    }

    /**
     * The key's wallet's usage, in micro-CC: settled by the ledger, pending (held against its credits), and unpaid; and
     * in {@code key} what the asking key itself has drawn (its hash's first 12 hex digits name it).
     */
    record UsageView(String wallet, long settled_micro_cc, long pending_micro_cc, long unpaid_micro_cc, long prompt_tokens,
            long completion_tokens, long last_batch, KeyView key) {
        record KeyView(String sha256_prefix, long prompt_tokens, long completion_tokens, long micro_cc, Long limit_micro_cc) {}

        static UsageView of(UsageMeter.WalletUsage usage, UsageMeter.KeyUsage key, OptionalLong limit) {
            return new UsageView(usage.wallet().toString(), usage.settledMicroCc(), usage.pendingMicroCc(), usage.unpaidMicroCc(),
                    usage.promptTokens(), usage.completionTokens(), usage.lastBatch(),
                    new KeyView(key.keyHash().substring(0, KeyRevocation.MIN_ID_LENGTH), key.promptTokens(), key.completionTokens(),
                            key.microCc(), limit.isPresent() ? limit.getAsLong() : null));
        }
    }

    /**
     * {@code GET /v1/inference/routes}, public like the ledger it comes from: each model served now, its price per 1,000
     * tokens, and its routes in the order the router would try them, with what it has measured of each.
     */
    record RouteTable(List<ModelRoutes> models) {
        record ModelRoutes(String model, String kind, long price_per_1k_tokens_micro_cc, List<RouteView> routes) {}

        record RouteView(String job, String provider, long price_per_device_hour, int reputation, Double first_byte_ms, int in_flight,
                Double answer_p95_ms) {}
    }

    private RouteTable routeTable() {
        var models = new ArrayList<RouteTable.ModelRoutes>();
        router.standings(ledger.get(), agents.connectedProviders()).forEach((model, standings) -> models.add(new RouteTable.ModelRoutes(
                model, ModelLoader.kindOf(model).wire(), meter.pricePer1k(model), standings.stream().map(s -> new RouteTable.RouteView(s.route().jobId().hex(),
                        s.route().provider().toString(), s.route().pricePerDeviceHour(), s.route().reputation(), rounded(s.firstByteMs()),
                        s.inFlight(), rounded(s.answerP95Ms()))).toList())));
        return new RouteTable(models);
    }

    private static Double rounded(OptionalDouble millis) {
        return millis.isPresent() ? Math.round(millis.getAsDouble() * 100) / 100.0 : null;
    }

    private interface Handler {
        void handle(Context ctx) throws IOException;
    }

    /** Every refusal here is in OpenAI's shape, not the coordinator's own. */
    private static void guarded(Context ctx, Handler handler) throws IOException {
        try {
            handler.handle(ctx);
        } catch (OpenAiException e) {
            ctx.status(e.status()).json(e.body());
        }
    }

    private void createKey(Context ctx) {
        KeyGrant grant;
        try {
            grant = KeyGrant.fromBody(Json.MAPPER.readTree(ctx.bodyAsBytes()));
        } catch (RuntimeException e) {
            throw OpenAiException.invalid(null, "the body is {\"wallet\", \"nonce\", \"expires\", \"limit_micro_cc\" (optional), "
                    + "\"signature\" (base64)}: " + e.getMessage());
        }
        String key = keys.create(grant, ledger.get().now());
        var answer = new LinkedHashMap<String, Object>();
        answer.put("key", key);
        answer.put("wallet", grant.wallet().toString());
        if (grant.limitMicroCc() > 0) {
            answer.put("limit_micro_cc", grant.limitMicroCc());
        }
        answer.put("rate_limit", Map.of("burst", RATE_BURST, "per_second", RATE_PER_SECOND));
        ctx.status(201).json(answer);
    }

    /** {@code GET /v1/api-keys}: the asking key's wallet's live keys, by id, with what each has drawn. */
    private void listKeys(Context ctx) {
        ApiKeys.Holder asking = authorize(ctx);
        var data = keys.ofWallet(asking.wallet()).stream().map(holder -> ListedKey.of(holder, meter.keyUsage(holder.keyHash()),
                holder.equals(asking))).toList();
        ctx.json(Map.of("object", "list", "wallet", asking.wallet().toString(), "data", data));
    }

    /** One of a wallet's keys, as listed: never the key itself, which only its maker saw. */
    record ListedKey(String id, String sha256, long created, boolean current, long prompt_tokens, long completion_tokens, long micro_cc,
            Long limit_micro_cc) {
        static ListedKey of(ApiKeys.Holder holder, UsageMeter.KeyUsage usage, boolean current) {
            return new ListedKey(holder.id(), holder.keyHash(), holder.created(), current, usage.promptTokens(), usage.completionTokens(),
                    usage.microCc(), holder.limit().isPresent() ? holder.limit().getAsLong() : null);
        }
    }

    /** {@code POST /v1/api-keys/revoke}: signed by the wallet; the key stops working at once. */
    private void revokeKey(Context ctx) {
        KeyRevocation revocation;
        try {
            revocation = KeyRevocation.fromBody(Json.MAPPER.readTree(ctx.bodyAsBytes()));
        } catch (RuntimeException e) {
            throw OpenAiException.invalid(null, "the body is {\"wallet\", \"key_id\", \"nonce\", \"expires\", \"signature\" (base64)}: "
                    + e.getMessage());
        }
        ApiKeys.Holder revoked = keys.revoke(revocation, ledger.get().now());
        ctx.json(Map.of("revoked", revoked.id(), "sha256", revoked.keyHash(), "wallet", revoked.wallet().toString()));
    }

    private void models(Context ctx) {
        authorize(ctx);
        var data = router.models(ledger.get(), agents.connectedProviders()).stream()
                .map(id -> Responses.model(id, 0, "gridmint")).toList();
        ctx.json(Map.of("object", "list", "data", data));
    }

    private void infer(Context ctx, InferenceRequest request, String path) throws IOException {
        ApiKeys.Holder holder = authorize(ctx);
        LedgerState state = ledger.get();
        List<Router.Route> routes = router.routes(state, agents.connectedProviders(), request.model());
        if (routes.isEmpty()) {
            if (ModelLoader.models().contains(request.model())) {
                throw new OpenAiException(503, "server_error", "no_provider", "model", "no provider serves " + request.model() + " right now");
            }
            throw new OpenAiException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + request.model() + "' does not exist");
        }
        ModelLoader.Kind kind = ModelLoader.kindOf(request.model());
        if ((kind == ModelLoader.Kind.EMBEDDING) != (request instanceof InferenceRequest.Embeddings)) {
            String use = kind == ModelLoader.Kind.EMBEDDING ? "an embedding model: use /v1/embeddings"
                    : "a chat model: use /v1/chat/completions or /v1/completions";
            throw new OpenAiException(400, "invalid_request_error", "model_not_supported", "model", "'" + request.model() + "' is " + use);
        }
        long credits = state.account(holder.wallet()).credits() - meter.owed(holder.wallet());
        long worst = meter.cost(request.model(), worstCaseTokens(request));
        if (credits <= 0 || worst > credits) {
            throw new OpenAiException(429, "insufficient_quota", "insufficient_quota", null,
                    "the wallet's credits (" + credits + " micro-CC unsettled) do not cover this request (up to " + worst + ")");
        }
        if (holder.limit().isPresent()) {
            long left = holder.limit().getAsLong() - meter.keyUsage(holder.keyHash()).microCc();
            if (worst > left) {
                throw new OpenAiException(429, "insufficient_quota", "key_limit_reached", null, "this key may draw " + Math.max(left, 0)
                        + " micro-CC more of its limit of " + holder.limit().getAsLong() + ", and this request may cost up to " + worst
                        + " (make a key with a higher limit, or none)");
            }
        }
        boolean stream = request.generation().map(InferenceRequest.Options::stream).orElse(false);
        List<Router.Route> tries = routes.subList(0, Math.min(MAX_ATTEMPTS, routes.size()));
        if (!stream) {
            answer(ctx, holder, tries, request, path);
            return;
        }
        byte[] body = withUsage(ctx.bodyAsBytes());
        for (Router.Route route : tries) {
            if (new Exchange(ctx, holder, route, request, path, body).relay()) {
                return;
            }
        }
        throw providersFailed(request);
    }

    private static OpenAiException providersFailed(InferenceRequest request) {
        return new OpenAiException(503, "server_error", "providers_failed", null,
                "every provider serving " + request.model() + " failed; try again");
    }

    /** A plain request: raced over its routes with failover and hedging (see {@link Race}); only the winner is metered. */
    private void answer(Context ctx, ApiKeys.Holder holder, List<Router.Route> tries, InferenceRequest request, String path) {
        Hedging policy = hedging.forRequest(ctx.header(Hedging.HEADER));
        byte[] body = ctx.bodyAsBytes();
        var race = new Race<Router.Route, Answer>(route -> new Exchange(ctx, holder, route, request, path, body).fetch(),
                route -> policy.delay(router, route));
        Race.Winner<Router.Route, Answer> winner;
        try {
            winner = race.run(tries).orElseThrow(() -> providersFailed(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenAiException(503, "server_error", "shutting_down", null, "the gateway is stopping");
        }
        Answer answer = winner.answer();
        // Which provider answered: for the client's own records and for disputes about an answer.
        ctx.header(PROVIDER_HEADER, winner.route().provider().toString());
        if (winner.hedged()) {
            ctx.header(Hedging.HEDGED_HEADER, "true");
        }
        if (answer.status() == 200) {
            meter(holder, winner.route(), request, Json.MAPPER.readTree(answer.body()).path("usage"));
        }
        ctx.status(answer.status()).contentType("application/json").result(answer.body());
        if (answer.status() == 200) {
            spotChecks.answered(request, path, body, winner.route(), answer.body());
        }
    }

    /** A plain request's whole answer from one route. */
    private record Answer(int status, byte[] body) {}

    private void meter(ApiKeys.Holder holder, Router.Route route, InferenceRequest request, JsonNode usage) {
        meter.record(holder.wallet(), holder.keyHash(), route.provider(), request.model(), usage.path("prompt_tokens").asLong(),
                usage.path("completion_tokens").asLong());
    }

    private ApiKeys.Holder authorize(Context ctx) {
        String header = ctx.header("Authorization");
        String key = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : null;
        ApiKeys.Holder holder = keys.find(key).orElseThrow(() -> new OpenAiException(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided. Make one with POST /v1/api-keys (gridmint infer key)."));
        long now = clock.instant().getEpochSecond() * 1_000_000_000L + clock.instant().getNano();
        TokenBucket bucket = buckets.computeIfAbsent(holder.keyHash(), k -> new TokenBucket(RATE_BURST, RATE_PER_SECOND, now));
        if (!bucket.tryTake(now)) {
            throw new OpenAiException(429, "requests", "rate_limit_exceeded", null,
                    "Rate limit reached: " + RATE_PER_SECOND + " requests per second per key");
        }
        return holder;
    }

    private static long worstCaseTokens(InferenceRequest request) {
        return switch (request) {
            case InferenceRequest.Chat c -> c.messages().stream().mapToLong(m -> m.content().length()).sum()
                    + (long) c.options().maxTokens() * c.options().n();
            case InferenceRequest.Completion c -> c.prompt().length() + (long) c.options().maxTokens() * c.options().n();
            case InferenceRequest.Embeddings e -> e.inputs().stream().mapToLong(String::length).sum();
        };
    }

    /** The stream always reports its usage to the gateway, which meters it and passes it on only if the client asked. */
    private static byte[] withUsage(byte[] body) {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(body);
        root.putObject("stream_options").put("include_usage", true);
        return Json.MAPPER.writeValueAsBytes(root);
    }

    /** One try of a request on one route. */
    private final class Exchange {

        private final Context ctx;
        private final ApiKeys.Holder holder;
        private final Router.Route route;
        private final InferenceRequest request;
        private final String path;
        private final byte[] body;

        Exchange(Context ctx, ApiKeys.Holder holder, Router.Route route, InferenceRequest request, String path, byte[] body) {
            this.ctx = ctx;
            this.holder = holder;
            this.route = route;
            this.request = request;
            this.path = path;
            this.body = body;
        }

        /** A stream: true when the client has its answer; false when this route failed before anything was sent, so the next may try. */
        boolean relay() throws IOException {
            router.started(route.provider());
            long started = System.nanoTime();
            try (Tunnel.Stream tunnelStream = tunnel.open(route.provider(), route.jobId())) {
                Optional<AgentMessage.ProxyHead> head = request(tunnelStream, started);
                if (head.isEmpty()) {
                    return false;
                }
                // Which provider answered: for the client's own records and for disputes about an answer.
                ctx.header(PROVIDER_HEADER, route.provider().toString());
                if (head.get().status() == 200) {
                    relayStream(tunnelStream, head.get());
                    return true;
                }
                Optional<byte[]> whole = readAll(tunnelStream, head.get());
                if (whole.isEmpty()) {
                    return false;
                }
                ctx.status(head.get().status()).contentType("application/json").result(whole.get());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpenAiException(503, "server_error", "shutting_down", null, "the gateway is stopping");
            } finally {
                router.finished(route.provider());
            }
        }

        /** A plain request's whole answer; empty when this route failed. An interrupt (another route won) cancels it at the provider. */
        Optional<Answer> fetch() throws InterruptedException {
            router.started(route.provider());
            long started = System.nanoTime();
            try (Tunnel.Stream tunnelStream = tunnel.open(route.provider(), route.jobId())) {
                try {
                    Optional<AgentMessage.ProxyHead> head = request(tunnelStream, started);
                    if (head.isEmpty()) {
                        return Optional.empty();
                    }
                    Optional<byte[]> whole = readAll(tunnelStream, head.get());
                    whole.ifPresent(bytes -> router.answered(route, (System.nanoTime() - started) / 1e6));
                    return whole.map(bytes -> new Answer(head.get().status(), bytes));
                } catch (InterruptedException cancelled) {
                    tunnelStream.cancel();
                    throw cancelled;
                }
            } finally {
                router.finished(route.provider());
            }
        }

        /** Sends the request; the provider's head when it answered below 500, empty when this route failed. */
        private Optional<AgentMessage.ProxyHead> request(Tunnel.Stream tunnelStream, long started) throws InterruptedException {
            if (!tunnelStream.send(new AgentMessage.ProxyRequest(tunnelStream.id(), route.jobId().hex(), ServingJob.PORT, "POST", path,
                    Map.of("Content-Type", "application/json"), Base64.getEncoder().encodeToString(body)))) {
                return Optional.empty();
            }
            AgentMessage first = next(tunnelStream, FIRST_BYTE_TIMEOUT);
            if (!(first instanceof AgentMessage.ProxyHead head)) {
                LOG.warn("{} did not answer {} ({})", route.provider(), path, first);
                return Optional.empty();
            }
            router.observed(route.provider(), (System.nanoTime() - started) / 1e6);
            return head.status() >= 500 ? Optional.empty() : Optional.of(head);
        }

        private Optional<byte[]> readAll(Tunnel.Stream stream, AgentMessage.ProxyHead head) throws InterruptedException {
            var bytes = new ByteArrayOutputStream();
            for (AgentMessage piece = firstPiece(stream, head); ; piece = next(stream, IDLE_TIMEOUT)) {
                switch (piece) {
                    case AgentMessage.ProxyChunk chunk -> bytes.writeBytes(Base64.getDecoder().decode(chunk.data()));
                    case AgentMessage.ProxyEnd end when end.error() == null -> {
                        return Optional.of(bytes.toByteArray());
                    }
                    case null, default -> {
                        return Optional.empty();
                    }
                }
            }
        }

        /** Copies the provider's events to the client as they come, metering the usage event and dropping it unless asked for. */
        private void relayStream(Tunnel.Stream stream, AgentMessage.ProxyHead head) throws IOException, InterruptedException {
            ctx.status(200);
            ctx.header("Content-Type", "text/event-stream");
            ctx.header("Cache-Control", "no-cache");
            OutputStream out = ctx.res().getOutputStream();
            var pending = new StringBuilder();
            boolean wantsUsage = request.generation().map(InferenceRequest.Options::includeUsage).orElse(false);
            Optional<SpotChecker.StreamCapture> capture = spotChecks.streaming(request, path, body);
            try {
                for (AgentMessage piece = firstPiece(stream, head); ; piece = nextFlushingWhenIdle(stream, out)) {
                    switch (piece) {
                        case AgentMessage.ProxyChunk chunk -> {
                            pending.append(new String(Base64.getDecoder().decode(chunk.data()), StandardCharsets.UTF_8));
                            for (int end = pending.indexOf("\n\n"); end >= 0; end = pending.indexOf("\n\n")) {
                                String event = pending.substring(0, end + 2);
                                pending.delete(0, end + 2);
                                if (!isUsage(event) || wantsUsage) {
                                    out.write(event.getBytes(StandardCharsets.UTF_8));
                                }
                                capture.ifPresent(c -> c.event(event));
                            }
                        }
                        case AgentMessage.ProxyEnd end when end.error() == null -> {
                            capture.ifPresent(c -> c.completed(route));
                            return;
                        }
                        case null, default -> {
                            stream.cancel();
                            broken(out, piece);
                            return;
                        }
                    }
                }
            } catch (IOException clientLeft) {
                stream.cancel();
            }
        }

        private boolean isUsage(String event) {
            // Only the last event carries usage: the others pass without being parsed.
            if (!event.startsWith("data: {") || !event.contains("\"usage\"")) {
                return false;
            }
            JsonNode chunk = Json.MAPPER.readTree(event.substring(6).strip());
            JsonNode usage = chunk.path("usage");
            if (usage.isObject() && chunk.path("choices").isEmpty()) {
                meter(usage);
                return true;
            }
            return false;
        }

        /**
         * The next piece, flushing what was written to the client first unless another piece is already waiting: a burst of
         * events (a model that writes its answer at once) goes out in one write instead of one write and one wake-up of the
         * client per event, and an event that nothing follows yet is never held back.
         */
        private AgentMessage nextFlushingWhenIdle(Tunnel.Stream stream, OutputStream out) throws IOException, InterruptedException {
            AgentMessage waiting = stream.poll();
            if (waiting != null) {
                return waiting;
            }
            out.flush();
            return next(stream, IDLE_TIMEOUT);
        }

        private void broken(OutputStream out, AgentMessage why) throws IOException {
            String reason = why instanceof AgentMessage.ProxyEnd end ? end.error() + ": " + end.message()
                    : "the provider went away mid-stream";
            LOG.warn("stream from {} broke: {}", route.provider(), reason);
            String error = Json.write(OpenAiException.body("The provider serving this stream failed (" + reason + "); retry the request",
                    "server_error", null, "provider_failed"));
            out.write(("data: " + error + "\n\ndata: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        private void meter(JsonNode usage) {
            Gateway.this.meter(holder, route, request, usage);
        }

        /** The body bytes that came with the head, as a piece of their own, or else the next piece. */
        private AgentMessage firstPiece(Tunnel.Stream stream, AgentMessage.ProxyHead head) throws InterruptedException {
            return head.data() != null ? new AgentMessage.ProxyChunk(head.stream(), head.data()) : next(stream, IDLE_TIMEOUT);
        }

        /** The next piece; null when the provider is gone, the stream was cut, or nothing came within {@code timeout}. */
        private AgentMessage next(Tunnel.Stream stream, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                AgentMessage piece = stream.next(POLL);
                if (piece != null) {
                    return piece;
                }
                if (!stream.isOpen() || !agents.connectedProviders().contains(route.provider())) {
                    return null;
                }
            }
            return null;
        }
    }
}
