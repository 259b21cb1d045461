package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.node.inference.gateway.GatewaySettings;
import dev.gridmint.node.inference.gateway.InferenceBilling;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Everything a coordinator process is started with.
 *
 * @param store where the ledger lives: a data directory (embedded SQLite) or a PostgreSQL URL, see
 *     {@link dev.gridmint.store.LedgerStores#open}
 * @param port 0 picks a free port
 * @param providerTimeout how long a provider may stay silent before its leases are taken back
 * @param heartbeatInterval how often agents are asked to send a heartbeat
 * @param tickInterval how often ledger time is brought up to the clock (and epochs closed when due)
 * @param priceFeed the price this coordinator reports when genesis makes it an oracle reporter
 * @param reclaimNotice how long a spot lease runs on after a reserved job claims its node
 * @param inferenceSettleInterval how often the gateway's metered tokens are settled through the ledger
 * @param gateway the inference gateway's spot-check fraction and hedging default
 */
public record CoordinatorConfig(
        String store,
        String host,
        int port,
        Keypair key,
        SignedTx genesis,
        Duration providerTimeout,
        Duration heartbeatInterval,
        int snapshotEvery,
        InstantSource clock,
        Duration tickInterval,
        PriceFeed priceFeed,
        Duration reclaimNotice,
        Duration inferenceSettleInterval,
        GatewaySettings gateway) {

    public static final Duration DEFAULT_PROVIDER_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(2);
    public static final int DEFAULT_SNAPSHOT_EVERY = 1_000;
    public static final Duration DEFAULT_TICK_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RECLAIM_NOTICE = Duration.ofSeconds(300);

    /** With the default inference settlement interval and gateway settings. */
    public CoordinatorConfig(String store, String host, int port, Keypair key, SignedTx genesis, Duration providerTimeout,
            Duration heartbeatInterval, int snapshotEvery, InstantSource clock, Duration tickInterval, PriceFeed priceFeed,
            Duration reclaimNotice) {
        this(store, host, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery, clock, tickInterval, priceFeed,
                reclaimNotice, InferenceBilling.DEFAULT_SETTLE_INTERVAL, GatewaySettings.defaults());
    }

    /** Loopback only, default timeouts, the system clock. */
    public static CoordinatorConfig defaults(Path dataDir, int port, Keypair key, SignedTx genesis) {
        return defaults(dataDir.toString(), port, key, genesis);
    }

    /** Loopback only, default timeouts, the system clock, the ledger at {@code store}. */
    public static CoordinatorConfig defaults(String store, int port, Keypair key, SignedTx genesis) {
        return new CoordinatorConfig(store, "127.0.0.1", port, key, genesis, DEFAULT_PROVIDER_TIMEOUT,
                DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_SNAPSHOT_EVERY, InstantSource.system(), DEFAULT_TICK_INTERVAL, PriceFeed.none(),
                DEFAULT_RECLAIM_NOTICE);
    }

    public CoordinatorConfig withHost(String newHost) {
        return new CoordinatorConfig(store, newHost, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery,
                clock, tickInterval, priceFeed, reclaimNotice, inferenceSettleInterval, gateway);
    }

    public CoordinatorConfig withProviderTimeout(Duration timeout) {
        Duration heartbeat = heartbeatInterval.compareTo(timeout.dividedBy(3)) > 0 ? timeout.dividedBy(3) : heartbeatInterval;
        return new CoordinatorConfig(store, host, port, key, genesis, timeout, heartbeat, snapshotEvery, clock,
                tickInterval, priceFeed, reclaimNotice, inferenceSettleInterval, gateway);
    }

    public CoordinatorConfig withPriceFeed(PriceFeed feed) {
        return new CoordinatorConfig(store, host, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery,
                clock, tickInterval, feed, reclaimNotice, inferenceSettleInterval, gateway);
    }

    public CoordinatorConfig withClock(InstantSource newClock, Duration newTickInterval) {
        return new CoordinatorConfig(store, host, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery,
                newClock, newTickInterval, priceFeed, reclaimNotice, inferenceSettleInterval, gateway);
    }

    public CoordinatorConfig withReclaimNotice(Duration notice) {
        return new CoordinatorConfig(store, host, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery,
                clock, tickInterval, priceFeed, notice, inferenceSettleInterval, gateway);
    }

    public CoordinatorConfig withInferenceSettleInterval(Duration interval) {
        return new CoordinatorConfig(store, host, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery,
                clock, tickInterval, priceFeed, reclaimNotice, interval, gateway);
    }

    public CoordinatorConfig withGateway(GatewaySettings settings) {
        return new CoordinatorConfig(store, host, port, key, genesis, providerTimeout, heartbeatInterval, snapshotEvery,
                clock, tickInterval, priceFeed, reclaimNotice, inferenceSettleInterval, settings);
    }
}
