package dev.gridmint.node.coordinator;

import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxCodec;
import dev.gridmint.node.api.JobTelemetry;
import dev.gridmint.node.ledger.GroupCommitter;
import dev.gridmint.node.ledger.Sequencer;
import dev.gridmint.store.LedgerStore;
import dev.gridmint.store.LedgerStores;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
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
    private final Javalin http;

    private Coordinator(CoordinatorConfig config) {
        store = LedgerStores.open(config.store(), false);
        sequencer = Sequencer.open(store, config.snapshotEvery());
        ensureGenesis(config.genesis());
        String networkId = config.genesis().networkId();

        var telemetry = new JobTelemetry();
        events = new EventStream();
        var agents = new AgentHub(networkId, config.clock(), new SecureRandom(), config.heartbeatInterval(),
                sequencer::state, telemetry, events);
        scheduler = new Scheduler(sequencer, agents, config.key(), networkId, config.clock(), config.priceFeed(),
                new MarketBook(config.reclaimNotice().toSeconds()));
        agents.setListener(scheduler);
        sequencer.addListener(scheduler);
        sequencer.addListener((tx, before, after) -> events.publish("tx", Map.of(
                "height", after.height(),
                "type", tx.payload().getClass().getSimpleName(),
                "signer", tx.signer().toString(),
                "txHash", tx.hash().hex(),
                "stateRoot", after.root().hex())));

        liveness = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("liveness").daemon().factory());
        long sweepMillis = Math.max(50, config.providerTimeout().toMillis() / 4);
        liveness.scheduleWithFixedDelay(
                () -> scheduler.providersLost(agents.expire(config.clock().instant().minus(config.providerTimeout()))),
                sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        liveness.schedule(scheduler::releaseLeasesOfAbsentProviders, config.providerTimeout().toMillis(), TimeUnit.MILLISECONDS);
        long tickMillis = config.tickInterval().toMillis();
        liveness.scheduleWithFixedDelay(scheduler::keepTime, 0, tickMillis, TimeUnit.MILLISECONDS);

        // REST submissions are group-committed; the scheduler keeps calling the sequencer directly.
        committer = new GroupCommitter(sequencer);
        http = new HttpApi(sequencer, committer, store, agents, events, telemetry, new Metrics(),
                new MarketApi(scheduler, sequencer, agents)).create();
        http.start(config.host(), config.port());
        scheduler.kick();
        LOG.info("coordinator for {} at {} (height {}, root {})", networkId, url(), sequencer.state().height(),
                sequencer.state().root().shortHex());
    }

    public static Coordinator start(CoordinatorConfig config) {
        return new Coordinator(config);
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

    @Override
    public void close() {
        liveness.shutdownNow();
        events.closeAll();
        http.stop();
        committer.close();
        scheduler.close();
        store.close();
    }
}
