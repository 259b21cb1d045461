package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.StakingParams;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.api.Views.LedgerView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.coordinator.Coordinator;
import dev.gridmint.node.coordinator.CoordinatorConfig;
import dev.gridmint.node.inference.gateway.GatewaySettings;
import dev.gridmint.node.inference.gateway.InferenceBilling;
import dev.gridmint.node.coordinator.PriceFeed;
import dev.gridmint.node.genesis.GenesisFile;
import dev.gridmint.node.ledger.LedgerReplay;
import dev.gridmint.store.LedgerStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A whole Gridmint network in this JVM, for acceptance tests: a real coordinator (SQLite ledger
 * in a temporary directory, REST, SSE and the agent WebSocket on a free port) and real provider
 * agents that run real workloads as child processes. Nothing is mocked; tests talk to it the way
 * users and operators do, over HTTP and WebSockets.
 *
 * <pre>{@code
 * try (var network = TestNetwork.start(tempDir)) {
 *     var p1 = network.provider("p1").start(1 * TestNetwork.CC);
 *     JobHandle job = network.tenant("alice").submitsTraining(200);
 *     job.awaitStatus("SETTLED", Duration.ofSeconds(60));
 *     assertThat(p1.earned()).isEqualTo(job.providerGrid(p1));
 * }
 * }</pre>
 *
 * <p>Every participant is named, and its key is {@link TestKeys#of(String)} of that name, so the
 * same name is the same address in every test and every module. The genesis funds {@code alice}
 * and {@code bob} with {@value #DEFAULT_TENANT_FUNDS} micro-GRID each and the treasury with
 * {@value #DEFAULT_TREASURY_FUNDS}, unless the builder says otherwise.
 *
 * <p>The economy is set up once, here: the coordinator's key is the network's oracle reporter and
 * its council, and it reports the fixed price {@value #GRID_PRICE} micro-USD per GRID; ledger time
 * follows a {@link TestClock} that tests can freeze. A provider is given {@value #PROVIDER_FUNDS}
 * micro-GRID by the treasury before it starts, and its agent bonds the stake its offer needs, so
 * what it earned is {@link ProviderNode#earned()}. A tenant buys the credits a job needs when it
 * submits it ({@link Tenant#submits}).
 */
public final class TestNetwork implements AutoCloseable {

    /** One GRID in base units (micro-GRID). */
    public static final long GRID = 1_000_000L;
    /** One compute credit (1 USD) in base units (micro-CC): prices per device-hour and escrows are in these. */
    public static final long CC = 1_000_000L;
    /** The price the coordinator reports as the network's oracle: 2 USD per GRID, in micro-USD. */
    public static final long GRID_PRICE = 2_000_000L;
    /** What the treasury gives each provider before it starts: enough for the stake of any test machine. */
    public static final long PROVIDER_FUNDS = 10_000 * GRID;
    public static final String DEFAULT_NETWORK_ID = "gridmint-acceptance";
    public static final String COORDINATOR = "coordinator";
    public static final String TREASURY = "treasury";
    public static final long DEFAULT_TENANT_FUNDS = 1_000 * GRID;
    public static final long DEFAULT_TREASURY_FUNDS = 1_000_000 * GRID;
    /** How long the DSL waits for the network to do something that should take a few seconds at most. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private final Path root;
    private final String networkId;
    private final Keypair coordinatorKey;
    private final SignedTx genesis;
    private final NetworkParams params;
    private final Map<String, Long> allocations;
    private final Duration providerTimeout;
    private final Duration reclaimNotice;
    private final Duration inferenceSettleInterval;
    private final GatewaySettings gatewaySettings;
    private final int snapshotEvery;
    private final String store;
    private final TestClock clock = new TestClock();
    private final Map<String, Long> providerFunds = new LinkedHashMap<>();
    private final Map<String, ProviderNode> providers = new LinkedHashMap<>();
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private volatile Coordinator coordinator;
    private volatile CoordinatorClient client;
    private int port;

    private TestNetwork(Builder builder, Path root) {
        this.root = Objects.requireNonNull(root, "root");
        this.networkId = builder.networkId;
        this.coordinatorKey = key(COORDINATOR);
        this.params = builder.params;
        this.allocations = Map.copyOf(builder.allocations);
        this.providerTimeout = builder.providerTimeout;
        this.reclaimNotice = builder.reclaimNotice;
        this.inferenceSettleInterval = builder.inferenceSettleInterval;
        this.gatewaySettings = builder.gatewaySettings;
        this.snapshotEvery = builder.snapshotEvery;
        this.store = builder.store != null ? builder.store : coordinatorDir().toString();
        List<Allocation> funded = new ArrayList<>();
        builder.allocations.forEach((name, amount) -> funded.add(Allocation.liquid(address(name), amount)));
        var payload = new Genesis(address(TREASURY), coordinatorKey.address(), params, clock.instant().getEpochSecond(), funded);
        this.genesis = GenesisFile.of(coordinatorKey, networkId, payload).transaction();
        this.port = 0;
    }

    /** A network with the defaults: alice and bob funded, the default 30 s provider timeout. */
    public static TestNetwork start(Path root) {
        return builder().start(root);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- who is who ----

    /** The key of a named participant: {@link TestKeys#of(String)}. */
    public static Keypair key(String name) {
        return TestKeys.of(name);
    }

    public static Address address(String name) {
        return key(name).address();
    }

    /** The provider of that name; {@link ProviderNode#start(long)} it to put it on the network. */
    public synchronized ProviderNode provider(String name) {
        return providers.computeIfAbsent(name, n -> new ProviderNode(this, n, root.resolve("providers").resolve(n)));
    }

    /** The tenant of that name: anyone who signs, funded or not. */
    public synchronized Tenant tenant(String name) {
        return tenants.computeIfAbsent(name, n -> new Tenant(this, n));
    }

    public String networkId() {
        return networkId;
    }

    public NetworkParams params() {
        return params;
    }

    /** What genesis gave the participant of that name, 0 if nothing. */
    public long genesisAllocation(String name) {
        return allocations.getOrDefault(name, 0L);
    }

    public Duration providerTimeout() {
        return providerTimeout;
    }

    /** The coordinator's clock. */
    public TestClock clock() {
        return clock;
    }

    // ---- money ----

    /** The oracle price, micro-USD per GRID. */
    public long price() {
        return GRID_PRICE;
    }

    /** Micro-GRID paid out of the vault for {@code credits} settled micro-CC at the oracle price. */
    public long gridForSettlement(long credits) {
        return Bme.gridForSettlement(credits, GRID_PRICE);
    }

    /** Micro-GRID a buyer burns for {@code credits} micro-CC at the oracle price, spread included. */
    public long gridToMint(long credits) {
        return Bme.gridForCredits(credits, GRID_PRICE, params.credits().spreadBps());
    }

    /** A participant's credits in micro-CC, over REST. */
    public long creditsOf(String name) {
        return account(name).credits();
    }

    /** What the treasury gave a provider to stake with; 0 if nothing. */
    public synchronized long providerFunds(String name) {
        return providerFunds.getOrDefault(name, 0L);
    }

    /** The treasury gives the provider {@link #PROVIDER_FUNDS}, once, for its stake. */
    public synchronized void fundProvider(String name) {
        if (!providerFunds.containsKey(name)) {
            submit(TREASURY, new Transfer(address(name), PROVIDER_FUNDS));
            providerFunds.put(name, PROVIDER_FUNDS);
        }
    }

    /**
     * Registers a provider by hand (no agent): funds it, registers the offer and bonds the stake
     * the offer needs, so leases can go to it.
     */
    public void registerProvider(String name, HardwareOffer offer) {
        fundProvider(name);
        submit(name, new RegisterProvider(offer));
        Provider registered = state().provider(address(name)).orElseThrow();
        long missing = registered.requiredStake(params.staking()) - registered.bonded();
        if (missing > 0) {
            submit(name, new BondProviderStake(missing));
        }
    }

    // ---- time ----

    /**
     * Stops the coordinator's clock and waits until the ledger has caught up with it: from then on
     * the coordinator signs nothing on its own account of time (no ticks, no price reports, no epoch
     * closes), so only what the test does moves the ledger.
     */
    public void freezeTime() {
        long at = clock.freeze().getEpochSecond();
        long epochSeconds = params.emission().epochSeconds();
        Eventually.await("ledger time to reach the frozen clock", DEFAULT_WAIT, () -> {
            LedgerState now = state();
            return now.now() >= at && now.now() < now.clock().epochEnd(epochSeconds);
        });
    }

    /**
     * Moves the frozen clock on by {@code duration} and waits until the coordinator has ticked
     * ledger time up to it (and closed any epoch that became due).
     */
    public void advanceTime(Duration duration) {
        long at = clock.advance(duration).getEpochSecond();
        long epochSeconds = params.emission().epochSeconds();
        Eventually.await("ledger time to reach the advanced clock", DEFAULT_WAIT, () -> {
            LedgerState now = state();
            return now.now() >= at && now.now() < now.clock().epochEnd(epochSeconds);
        });
    }

    /** Lets the coordinator's clock run again. */
    public void resumeTime() {
        clock.resume();
    }

    // ---- the coordinator ----

    public String url() {
        return running().url();
    }

    public int port() {
        return running().port();
    }

    /** The WebSocket URL agents dial. */
    public String agentUrl() {
        return url().replaceFirst("^http", "ws") + "/v1/agent";
    }

    /** The REST client of the running coordinator. */
    public CoordinatorClient client() {
        running();
        return client;
    }

    /** The in-process coordinator, for what REST does not show. */
    public Coordinator coordinator() {
        return running();
    }

    /** The coordinator's data directory, where its SQLite ledger lives. */
    public Path coordinatorDir() {
        return root.resolve("coordinator");
    }

    /** The ledger summary, over REST. */
    public LedgerView ledger() {
        return client().ledger();
    }

    /** The live ledger state, straight from the sequencer. */
    public LedgerState state() {
        return running().sequencer().state();
    }

    /** A participant's balance in micro-GRID, over REST. */
    public long balanceOf(String name) {
        return client().account(address(name)).balance();
    }

    public Views.AccountView account(String name) {
        return client().account(address(name));
    }

    public Views.ProviderView providerView(Address provider) {
        return client().providers().stream()
                .filter(view -> view.address().equals(provider.toString()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("provider " + provider + " is not registered"));
    }

    /** Signs a payload as the named participant, at its next nonce as the coordinator sees it now. */
    public SignedTx signed(String name, TxPayload payload) {
        return signedWithNonce(name, account(name).nonce() + 1, payload);
    }

    public SignedTx signedWithNonce(String name, long nonce, TxPayload payload) {
        return SignedTx.sign(key(name), networkId, nonce, payload);
    }

    /** Signs at the next nonce and submits; throws {@link CoordinatorClient.CoordinatorException} on a refusal. */
    public Views.TxAccepted submit(String name, TxPayload payload) {
        return client().submit(signed(name, payload));
    }

    /**
     * Stops the coordinator and starts it again on the same data directory and port, as an
     * operator's restart would; agents reconnect on their own.
     */
    public void restartCoordinator() {
        stopCoordinator();
        startCoordinator();
    }

    /** Stops the coordinator; its port is kept so {@link #startCoordinator()} comes back where agents look. */
    public synchronized void stopCoordinator() {
        Coordinator current = coordinator;
        if (current != null) {
            port = current.port();
            coordinator = null;
            current.close();
        }
    }

    public synchronized void startCoordinator() {
        if (coordinator != null) {
            throw new IllegalStateException("the coordinator is already running");
        }
        var config = new CoordinatorConfig(store, "127.0.0.1", port, coordinatorKey, genesis,
                CoordinatorConfig.DEFAULT_PROVIDER_TIMEOUT, CoordinatorConfig.DEFAULT_HEARTBEAT_INTERVAL, snapshotEvery,
                clock, CoordinatorConfig.DEFAULT_TICK_INTERVAL, PriceFeed.fixed(GRID_PRICE), reclaimNotice)
                .withProviderTimeout(providerTimeout).withInferenceSettleInterval(inferenceSettleInterval).withGateway(gatewaySettings);
        Coordinator started = Coordinator.start(config);
        port = started.port();
        client = new CoordinatorClient(started.url());
        coordinator = started;
        // Nobody can buy credits before the coordinator, the oracle, has reported its price.
        Eventually.await("the coordinator's price report", DEFAULT_WAIT, () -> client.supply().price() == GRID_PRICE);
    }

    // ---- the log, as an auditor sees it ----

    /** Replays the stored log from scratch, through a read-only store beside the running coordinator. */
    public LedgerState replayFromStore() {
        try (var ledger = LedgerStores.open(store, true)) {
            return LedgerReplay.fromScratch(ledger);
        }
    }

    /** Every transaction in the stored log, genesis first. */
    public List<SignedTx> transactions() {
        try (var ledger = LedgerStores.open(store, true)) {
            List<SignedTx> txs = new ArrayList<>();
            ledger.forEach(1, entry -> txs.add(TxCodec.decode(entry.tx())));
            return List.copyOf(txs);
        }
    }

    /** The logged transactions whose payload is of that type. */
    public <P extends TxPayload> List<P> transactions(Class<P> type) {
        return transactions().stream().map(SignedTx::payload).filter(type::isInstance).map(type::cast).toList();
    }

    // ---- raw access, for what the typed client will not send ----

    /** Raw HTTP to the coordinator: any body, any path, the status and body as they come. */
    public RawHttp http() {
        return new RawHttp(url());
    }

    /** A bare agent WebSocket, connected and driven by the test. */
    public AgentSocket agentSocket() {
        return AgentSocket.connect(agentUrl());
    }

    /** Subscribes to {@code /v1/events}; returns once the stream has said hello. */
    public EventTap events() {
        return EventTap.open(url() + "/v1/events");
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        List<ProviderNode> nodes;
        synchronized (this) {
            nodes = List.copyOf(providers.values());
        }
        for (ProviderNode node : nodes) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        stopCoordinator();
        if (failure != null) {
            throw failure;
        }
    }

    private Coordinator running() {
        Coordinator current = coordinator;
        if (current == null) {
            throw new IllegalStateException("the coordinator is not running");
        }
        return current;
    }

    /** How the network is born. */
    public static final class Builder {
        private String networkId = DEFAULT_NETWORK_ID;
        private NetworkParams params = NetworkParams.defaults(List.of(address(COORDINATOR)), List.of(address(COORDINATOR)));
        private Duration providerTimeout = CoordinatorConfig.DEFAULT_PROVIDER_TIMEOUT;
        private Duration reclaimNotice = CoordinatorConfig.DEFAULT_RECLAIM_NOTICE;
        private Duration inferenceSettleInterval = InferenceBilling.DEFAULT_SETTLE_INTERVAL;
        private GatewaySettings gatewaySettings = GatewaySettings.defaults();
        private int snapshotEvery = CoordinatorConfig.DEFAULT_SNAPSHOT_EVERY;
        private String store;
        private final Map<String, Long> allocations = new LinkedHashMap<>();

        private Builder() {
            allocations.put("alice", DEFAULT_TENANT_FUNDS);
            allocations.put("bob", DEFAULT_TENANT_FUNDS);
            allocations.put(TREASURY, DEFAULT_TREASURY_FUNDS);
        }

        public Builder networkId(String networkId) {
            this.networkId = networkId;
            return this;
        }

        /** How long a silent provider keeps its leases; heartbeats are asked for at a third of it or more often. */
        public Builder providerTimeout(Duration timeout) {
            this.providerTimeout = timeout;
            return this;
        }

        /** How long a spot lease runs on, in ledger time, once a reserved job claims its node. */
        /** How often the gateway settles metered tokens through the ledger. */
        /** The share of eligible inference answers the gateway re-runs (as {@code coordinator --spot-check-fraction}). */
        public Builder spotCheckFraction(double fraction) {
            this.gatewaySettings = gatewaySettings.withSpotCheckFraction(fraction);
            return this;
        }

        public Builder inferenceSettleInterval(Duration interval) {
            this.inferenceSettleInterval = interval;
            return this;
        }

        public Builder reclaimNotice(Duration notice) {
            this.reclaimNotice = notice;
            return this;
        }

        public Builder protocolFeeBps(int feeBps) {
            CreditParams c = params.credits();
            this.params = params.withCredits(new CreditParams(c.spreadBps(), feeBps, c.warnRatioBps(), c.haltRatioBps(),
                    c.minRunwaySeconds()));
            return this;
        }

        /** The length of an epoch: the coordinator closes one whenever it is over. */
        public Builder epochSeconds(long seconds) {
            this.params = params.withEmission(params.emission().withEpochSeconds(seconds));
            return this;
        }

        public Builder staking(StakingParams staking) {
            this.params = params.withStaking(staking);
            return this;
        }

        public Builder maxJobAttempts(int attempts) {
            this.params = params.withMaxJobAttempts(attempts);
            return this;
        }

        /** Where the coordinator keeps its ledger: a PostgreSQL URL; by default SQLite in its data directory. */
        public Builder store(String location) {
            this.store = location;
            return this;
        }

        public Builder snapshotEvery(int entries) {
            this.snapshotEvery = entries;
            return this;
        }

        /** Sets what genesis gives the named participant (replacing a default); 0 gives nothing. */
        public Builder fund(String name, long microGrid) {
            if (microGrid == 0) {
                allocations.remove(name);
            } else {
                allocations.put(name, microGrid);
            }
            return this;
        }

        /** Writes the genesis and starts the coordinator under {@code root}. */
        public TestNetwork start(Path root) {
            var network = new TestNetwork(this, root);
            network.startCoordinator();
            return network;
        }
    }
}
