package dev.gridmint.node.coordinator;

import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobStatus;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.transition.ApplyResult;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.transition.TxError;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload.AcceptBid;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.api.ApiError;
import dev.gridmint.node.api.ApiException;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.api.VerificationView;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.api.Views.AccountView;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.api.Views.LogEntryView;
import dev.gridmint.node.api.Views.ProviderView;
import dev.gridmint.node.inference.gateway.Gateway;
import dev.gridmint.node.inference.gateway.GatewaySettings;
import dev.gridmint.node.inference.gateway.InferenceBilling;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.workload.WorkloadCatalog;
import dev.gridmint.node.ledger.GroupCommitter;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.node.protocol.SignedPass;
import dev.gridmint.store.LedgerStore;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson3;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

/**
 * The coordinator's REST API, event stream and agent endpoint, on Javalin with virtual threads.
 * Every refusal is an {@link ApiError}: a stable code and a message.
 */
public final class HttpApi {

    /** Request bodies above this are refused before they are read. */
    public static final long MAX_REQUEST_BYTES = 256 * 1024;
    /** The largest agent message: room for a proof response opening 16 rows of up to 24,000 floats, base64. */
    public static final long MAX_AGENT_MESSAGE_BYTES = 2 * 1024 * 1024;
    /** Transactions in one {@code POST /v1/tx/batch} at most (the body's size limit holds too). */
    public static final int MAX_BATCH = 1_000;
    /** Connections waiting to be accepted: bursts of new clients (a gateway's streams) queue rather than drop. */
    static final int ACCEPT_QUEUE = 1_024;
    private static final int MAX_LOG_PAGE = 1_000;
    private static final int MAX_MARKET_PAGE = 1_000;
    /** Where the Maven build puts the web console (node/src/main/console) on the classpath. */
    static final String CONSOLE = "/console";
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    private final Sequencer sequencer;
    private final GroupCommitter committer;
    private final LedgerStore store;
    private final AgentHub agents;
    private final EventStream events;
    private final JobTelemetry telemetry;
    private final Metrics metrics;
    private final MarketApi market;
    private final ChallengeRelay challenges;
    private final PortProxy ports;
    private final List<Consumer<RoutesConfig>> extensions = new ArrayList<>();
    private final Gateway gateway;

    /**
     * Reads go to the sequencer's state; {@code POST /v1/tx} goes through the group committer, so
     * concurrent submissions share one durable append.
     */
    public HttpApi(Sequencer sequencer, GroupCommitter committer, LedgerStore store, AgentHub agents, EventStream events,
            JobTelemetry telemetry, Metrics metrics, MarketApi market) {
        this(sequencer, committer, store, agents, events, telemetry, metrics, market,
                InferenceBilling.inMemory(agents.networkId(), sequencer::state), GatewaySettings.defaults());
    }

    /**
     * {@code billing}: the gateway's keys and usage meter, saved and settled by the coordinator; {@code gatewaySettings}: its
     * spot checks and hedging.
     */
    public HttpApi(Sequencer sequencer, GroupCommitter committer, LedgerStore store, AgentHub agents, EventStream events,
            JobTelemetry telemetry, Metrics metrics, MarketApi market, InferenceBilling billing, GatewaySettings gatewaySettings) {
        this.sequencer = sequencer;
        this.committer = committer;
        this.store = store;
        this.agents = agents;
        this.events = events;
        this.telemetry = telemetry;
        this.metrics = metrics;
        this.market = market;
        this.challenges = new ChallengeRelay(sequencer::state, agents);
        var tunnel = new Tunnel(agents);
        this.ports = new PortProxy(agents.networkId(), sequencer::state, tunnel);
        this.gateway = new Gateway(agents.networkId(), sequencer::state, agents, tunnel, InstantSource.system(), billing,
                gatewaySettings);
    }

    /** Adds a feature's own routes (artifacts, logs) beside these; call before {@link #create()}. */
    public HttpApi extend(Consumer<RoutesConfig> routes) {
        extensions.add(routes);
        return this;
    }

    public Javalin create() {
        return Javalin.create(this::configure);
    }

    private void configure(JavalinConfig config) {
        config.concurrency.useVirtualThreads = true;
        config.http.maxRequestSize = MAX_REQUEST_BYTES;
        config.startup.showJavalinBanner = false;
        config.jsonMapper(new JavalinJackson3(Json.MAPPER, true));
        // Jetty's default of 64 KiB is below a proof response for a CPU-sized challenge (16 rows of ~2,000 floats).
        config.jetty.modifyWebSocketServletFactory(factory -> factory.setMaxTextMessageSize(MAX_AGENT_MESSAGE_BYTES));
        // Jetty listens with Java's default backlog of 50: 256 clients opening gateway streams at once overflowed it
        // (the kernel's ListenOverflows counted them) and some saw their connection closed without an answer.
        config.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                for (var connector : server.getConnectors()) {
                    if (connector instanceof org.eclipse.jetty.server.ServerConnector listening) {
                        listening.setAcceptQueueSize(ACCEPT_QUEUE);
                    }
                }
            }
        }));
        // The web console at /; a build that skipped the npm step (an IDE's) serves the API alone rather than fail.
        if (HttpApi.class.getResource(CONSOLE + "/index.html") != null) {
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = CONSOLE;
                files.location = Location.CLASSPATH;
            });
        } else {
            LOG.warn("the web console is not on the classpath (built by 'mvn package' in node); serving the API only");
        }
        var routes = config.routes;
        routes.get("/health", ctx -> ctx.json(Map.of("status", "ok", "height", sequencer.state().height())));
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.render(sequencer.state(), agents)));
        routes.get("/v1/ledger", ctx -> ctx.json(LedgerView.of(sequencer.state())));
        routes.get("/v1/ledger/log", this::log);
        routes.get("/v1/ledger/audit", ctx -> ctx.json(Views.AuditView.of(sequencer.state())));
        routes.get("/v1/supply", ctx -> ctx.json(Views.SupplyView.of(sequencer.state())));
        routes.get("/v1/epochs", this::epochs);
        routes.get("/v1/params", ctx -> ctx.json(Views.ParamsView.of(sequencer.state())));
        routes.get("/v1/partner-pools", ctx -> ctx.json(sequencer.state().partnerPools().values().stream()
                .map(Views.PartnerPoolView::of).toList()));
        routes.get("/v1/accounts/{address}", ctx -> ctx.json(AccountView.of(sequencer.state(), address(ctx.pathParam("address")))));
        routes.get("/v1/providers", this::providers);
        var probe = new BandwidthProbe(agents::networkId, a -> sequencer.state().providers().containsKey(a), InstantSource.system());
        routes.get("/v1/agent/bandwidth", probe::download);
        routes.post("/v1/agent/bandwidth", probe::upload);
        routes.get("/v1/providers/{address}/sealing-key", ctx -> ctx.json(agents.sealingKey(address(ctx.pathParam("address")))
                .orElseThrow(() -> new ApiException(404, "NO_SEALING_KEY", "provider " + ctx.pathParam("address")
                        + " has announced no key for sealed secrets"))));
        routes.get("/v1/jobs", this::jobs);
        routes.get("/v1/jobs/{id}", this::job);
        routes.get("/v1/market/offers", ctx -> ctx.json(page(ctx, market.offers())));
        routes.get("/v1/market/orders", ctx -> ctx.json(page(ctx, market.orders())));
        routes.get("/v1/market/prices", this::prices);
        routes.get("/v1/market/auctions/{id}", ctx -> ctx.json(market.auction(jobId(ctx))
                .orElseThrow(() -> new ApiException(404, "UNKNOWN_AUCTION", "no open auction for job " + ctx.pathParam("id")))));
        routes.get("/v1/verification", ctx -> ctx.json(VerificationView.of(sequencer.state(), agents.sybilFlags(),
                gateway.spotChecks().latest(VerificationView.SPOT_CHECKS_SHOWN))));
        routes.get("/v1/verification/evidence", this::spotCheckEvidence);
        routes.post("/v1/challenges", challenges::handle);
        for (HandlerType method : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
                HandlerType.DELETE, HandlerType.OPTIONS)) {
            routes.addHttpHandler(method, "/v1/jobs/{id}/ports/{port}", ports::handle);
            routes.addHttpHandler(method, "/v1/jobs/{id}/ports/{port}/<path>", ports::handle);
        }
        gateway.routes(routes);
        routes.post("/v1/tx", this::submit);
        routes.post("/v1/tx/batch", this::submitBatch);
        routes.sse("/v1/events", events::attach);
        routes.ws("/v1/agent", agents::configure);
        extensions.forEach(extension -> extension.accept(routes));
        routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        routes.exception(JacksonException.class, (e, ctx) -> ctx.status(400).json(new ApiError("MALFORMED", "invalid JSON: " + e.getOriginalMessage())));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
            ctx.status(500).json(new ApiError("INTERNAL", "internal error"));
        });
    }

    private void submit(Context ctx) {
        var submission = ctx.bodyAsClass(Views.TxSubmission.class);
        if (submission.tx() == null) {
            throw new ApiException(400, "MALFORMED", "the body is {\"tx\": \"<base64 transaction>\"}");
        }
        SignedTx tx = admit(submission.tx());
        ApplyResult result;
        try {
            result = committer.submit(tx);
        } catch (GroupCommitter.Unavailable e) {
            throw unavailable(e);
        }
        switch (result) {
            case Applied applied -> {
                metrics.accepted();
                ctx.json(new Views.TxAccepted(tx.hash().hex(), applied.state().height(), applied.state().root().hex()));
            }
            case Rejected rejected -> throw refusal(rejected);
        }
    }

    /**
     * {@code POST /v1/tx/batch}: up to {@value #MAX_BATCH} transactions in one request, each decided on
     * its own, in order (a signer's nonces may follow each other within the batch), answered by one
     * result per transaction in the same order: {@code TxAccepted} fields, or {@code status} and the
     * error's {@code code} and {@code message}. They join the group commit together, so a client with
     * many transactions pays one request and, under load, shares durable appends with everyone else.
     */
    private void submitBatch(Context ctx) {
        var batch = ctx.bodyAsClass(Views.TxBatch.class);
        if (batch.txs() == null || batch.txs().isEmpty() || batch.txs().size() > MAX_BATCH) {
            throw new ApiException(400, "MALFORMED", "the body is {\"txs\": [\"<base64 transaction>\", ...]} with 1 to "
                    + MAX_BATCH + " transactions");
        }
        int n = batch.txs().size();
        Views.TxResult[] results = new Views.TxResult[n];
        List<SignedTx> txs = new ArrayList<>(Collections.nCopies(n, null));
        List<CompletableFuture<ApplyResult>> pending = new ArrayList<>(Collections.nCopies(n, null));
        for (int i = 0; i < n; i++) {
            try {
                SignedTx tx = admit(batch.txs().get(i));
                txs.set(i, tx);
                pending.set(i, committer.submitAsync(tx));
            } catch (ApiException refused) {
                results[i] = Views.TxResult.refused(refused.status(), refused.body());
            }
        }
        for (int i = 0; i < n; i++) {
            if (pending.get(i) != null) {
                results[i] = outcome(txs.get(i), pending.get(i));
            }
        }
        ctx.json(List.of(results));
    }

    private Views.TxResult outcome(SignedTx tx, CompletableFuture<ApplyResult> pending) {
        ApiException refused;
        try {
            switch (GroupCommitter.await(pending)) {
                case Applied applied -> {
                    metrics.accepted();
                    return Views.TxResult.accepted(tx.hash().hex(), applied.state().height(), applied.state().root().hex());
                }
                case Rejected rejected -> refused = refusal(rejected);
            }
        } catch (GroupCommitter.Unavailable e) {
            refused = unavailable(e);
        }
        return Views.TxResult.refused(refused.status(), refused.body());
    }

    /**
     * Decodes one submitted transaction and makes the checks that come before the ledger: a workload
     * the providers run, a bid the book holds. Refusals are {@link ApiException}s, and nothing is queued.
     */
    private SignedTx admit(String base64) {
        SignedTx tx;
        try {
            tx = TxCodec.decode(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException | DecodeException e) {
            metrics.rejected(TxError.MALFORMED);
            throw new ApiException(400, TxError.MALFORMED.name(), "not a valid transaction: " + e.getMessage());
        }
        if (tx.payload() instanceof SubmitJob submit) {
            WorkloadCatalog.problem(submit.spec().workload(), submit.spec().args()).ifPresent(problem -> {
                throw new ApiException(422, "UNSUPPORTED_WORKLOAD", problem);
            });
        }
        // Bids live in the order book, not the ledger: an accept for a bid the book does not hold never reaches the log.
        if (tx.payload() instanceof AcceptBid accept && !market.hasBid(accept.jobId(), accept.provider())) {
            throw new ApiException(404, "UNKNOWN_BID", "no open bid of " + accept.provider() + " for job " + accept.jobId());
        }
        if (tx.payload() instanceof PlaceBid bid) {
            market.checkOwnBid(tx, bid);
        }
        return tx;
    }

    private ApiException refusal(Rejected rejected) {
        metrics.rejected(rejected.error());
        return new ApiException(statusOf(rejected.error()), rejected.error().name(), rejected.message());
    }

    private static ApiException unavailable(GroupCommitter.Unavailable e) {
        return switch (e.reason()) {
            // A commit can land although its acknowledgement is lost: the client looks before it resends.
            case STORE_FAILED -> new ApiException(503, "STORE_UNAVAILABLE",
                    "the ledger store failed; look the transaction up in /v1/ledger/log before resending it");
            case SHUTTING_DOWN -> new ApiException(503, "SHUTTING_DOWN", "the coordinator is shutting down; the transaction was not applied");
        };
    }

    private void log(Context ctx) {
        long from = longParam(ctx, "from", 1);
        int limit = (int) Math.min(longParam(ctx, "limit", 100), MAX_LOG_PAGE);
        List<LogEntryView> entries = store.read(Math.max(1, from), limit).stream().map(entry -> {
            SignedTx tx = TxCodec.decode(entry.tx());
            return new LogEntryView(entry.height(), tx.hash().hex(), tx.payload().getClass().getSimpleName(),
                    tx.signer().toString(), tx.nonce(), new Hash(entry.stateRoot()).hex());
        }).toList();
        ctx.json(entries);
    }

    private void providers(Context ctx) {
        LedgerState state = sequencer.state();
        Map<Address, String> running = new java.util.HashMap<>();
        state.jobs().values().stream()
                .filter(job -> job.status() == JobStatus.LEASED)
                .forEach(job -> job.runningLeases().forEach(lease -> running.put(lease.provider(), job.id().hex())));
        ctx.json(state.providers().values().stream()
                .map(p -> ProviderView.of(state, p, agents.isOnline(p.address()), running.get(p.address()), agents.measured(p.address())))
                .toList());
    }

    /** The latest closed epochs, newest first; {@code ?limit=} up to 1,000. */
    private void epochs(Context ctx) {
        int limit = (int) Math.min(longParam(ctx, "limit", 30), 1_000);
        var epochs = new java.util.ArrayList<>(sequencer.state().epochs().values());
        java.util.Collections.reverse(epochs);
        ctx.json(epochs.subList(0, Math.min(limit, epochs.size())));
    }

    /** {@code ?offset=&limit=}: a page of a market list, at most {@value #MAX_MARKET_PAGE} items (100 unless asked). */
    private static <T> List<T> page(Context ctx, List<T> all) {
        long offset = Math.min(longParam(ctx, "offset", 0), all.size());
        int limit = (int) Math.min(longParam(ctx, "limit", 100), MAX_MARKET_PAGE);
        return all.subList((int) offset, (int) Math.min(all.size(), offset + limit));
    }

    /** The price index per device model; {@code ?model=} narrows it to one, {@code ?history=} keeps the last periods (30, at most 1,000). */
    private void prices(Context ctx) {
        int history = (int) Math.min(longParam(ctx, "history", 30), 1_000);
        String model = ctx.queryParam("model");
        var prices = market.prices(history).stream()
                .filter(price -> model == null || price.model().equalsIgnoreCase(model))
                .toList();
        ctx.json(page(ctx, prices));
    }

    private void jobs(Context ctx) {
        Optional<Address> tenant = Optional.ofNullable(ctx.queryParam("tenant")).map(HttpApi::address);
        ctx.json(sequencer.state().jobs().values().stream()
                .filter(job -> tenant.map(job.tenant()::equals).orElse(true))
                .sorted(Comparator.comparingLong(dev.gridmint.core.state.Job::submittedAtHeight))
                .map(job -> JobView.of(job, telemetry.get(job.id().hex())))
                .toList());
    }

    static Hash jobId(Context ctx) {
        try {
            return Hash.parse(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_JOB_ID", "a job id is 64 hex characters");
        }
    }

    private void job(Context ctx) {
        Hash id = jobId(ctx);
        var job = sequencer.state().job(id)
                .orElseThrow(() -> new ApiException(404, TxError.UNKNOWN_JOB.name(), "no job " + id));
        ctx.json(JobView.of(job, telemetry.get(id.hex())));
    }

    static int statusOf(TxError error) {
        return switch (error) {
            case MALFORMED, WRONG_NETWORK, NO_GENESIS -> 400;
            case BAD_SIGNATURE -> 401;
            case UNAUTHORIZED, NOT_LEASE_HOLDER, NOT_AN_ORACLE, NOT_COUNCIL, SELF_VERDICT, NOT_A_PROVIDER -> 403;
            case UNKNOWN_JOB, UNKNOWN_PROVIDER, UNKNOWN_CHECKER, UNKNOWN_UNBONDING, UNKNOWN_PROPOSAL, UNKNOWN_TOKEN -> 404;
            case BAD_NONCE, INVALID_JOB_STATE, GENESIS_ALREADY_APPLIED, CLOCK_BACKWARDS, STALE_REPORT, ALREADY_REGISTERED,
                    STILL_UNBONDING, EPOCH_NOT_OVER, PROPOSAL_CLOSED, ALREADY_APPROVED, POOL_LIMIT, WRONG_ROUND,
                    DUPLICATE_VERDICT, NOT_AN_AUCTION, BATCH_OUT_OF_ORDER, GANG_MISMATCH, CAPACITY_EXCEEDED -> 409;
            case INVALID_AMOUNT, INSUFFICIENT_FUNDS, SUPPLY_OVERFLOW, ESCROW_TOO_LOW, OFFER_MISMATCH, INVALID_USAGE,
                    SLIPPAGE, NOTHING_TO_CLAIM, PROVIDER_HALTED, STAKE_TOO_LOW, PRICE_ABOVE_MAX, REPUTATION_TOO_LOW -> 422;
            case PRICE_UNAVAILABLE, CIRCUIT_BREAKER -> 503;
        };
    }

    private static Address address(String text) {
        try {
            return Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "BAD_ADDRESS", "not a base58 address: " + e.getMessage());
        }
    }

    /**
     * The gateway's spot checks with their outputs. Those are real users' answers, so only a registered checker
     * holding the minimum stake reads them, with a fresh pass it signed for this purpose and network.
     */
    private void spotCheckEvidence(Context ctx) {
        SignedPass pass = SignedPass.parse(SignedPass.Purpose.EVIDENCE, ctx.header(SignedPass.Purpose.EVIDENCE.header()))
                .orElseThrow(() -> new ApiException(401, "CHECKER_PASS_REQUIRED", "send a checker's signed pass in "
                        + SignedPass.Purpose.EVIDENCE.header()));
        pass.problem(agents.networkId(), System.currentTimeMillis()).ifPresent(problem -> {
            throw new ApiException(401, "BAD_CHECKER_PASS", problem);
        });
        LedgerState state = sequencer.state();
        long minStake = state.network().orElseThrow().params().staking().minCheckerStake();
        if (state.checker(pass.signer()).filter(checker -> checker.meetsMinimum(minStake)).isEmpty()) {
            throw new ApiException(403, "NOT_A_CHECKER", pass.signer() + " is not a registered checker with the minimum stake");
        }
        ctx.json(Map.of("spot_checks", gateway.spotChecks().since(longParam(ctx, "after", 0))));
    }

    private static long longParam(Context ctx, String name, long fallback) {
        return nonNegative(ctx.queryParam(name), name, fallback);
    }

    /** A query parameter (or header) that must be a non-negative integer; {@code fallback} when absent. */
    static long nonNegative(String value, String name, long fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ApiException(400, "BAD_PARAMETER", name + " must be a non-negative integer");
        }
    }
}
