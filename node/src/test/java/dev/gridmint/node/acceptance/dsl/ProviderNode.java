package dev.gridmint.node.acceptance.dsl;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.tx.TxPayload.PlaceBid;
import dev.gridmint.node.agent.AgentConfig;
import dev.gridmint.node.agent.ports.PortForwarder;
import dev.gridmint.node.agent.Cheat;
import dev.gridmint.node.agent.ProviderAgent;
import dev.gridmint.node.api.Views;
import dev.gridmint.node.api.Views.ProviderView;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A GPU owner's machine in a {@link TestNetwork}: a real {@link ProviderAgent} that registers
 * this machine's hardware, keeps its WebSocket to the coordinator, and runs leased jobs as child
 * JVMs under {@link #dataDir()}.
 */
public final class ProviderNode {

    public static final String REGION = "test-region";

    private final TestNetwork network;
    private final String name;
    private final Path dataDir;
    private volatile ProviderAgent agent;
    private Duration usageInterval = AgentConfig.DEFAULT_USAGE_INTERVAL;

    ProviderNode(TestNetwork network, String name, Path dataDir) {
        this.network = network;
        this.name = name;
        this.dataDir = dataDir;
    }

    /**
     * Gets its stake money from the treasury, registers at {@code pricePerDeviceHour} micro-CC,
     * bonds its stake and connects; returns once the coordinator lists it online and active, so a
     * job submitted next can be placed on it.
     */
    public ProviderNode start(long pricePerDeviceHour) {
        return start(pricePerDeviceHour, REGION);
    }

    /** As {@link #start(long)}, with the machine in {@code region}. */
    public ProviderNode start(long pricePerDeviceHour, String region) {
        return start(pricePerDeviceHour, region, Cheat.NONE);
    }

    /** As {@link #start(long)}, with the agent lying as {@code cheat} says (test-only agent modes). */
    public ProviderNode startCheating(Cheat cheat, long pricePerDeviceHour) {
        return start(pricePerDeviceHour, REGION, cheat);
    }

    private ProviderNode start(long pricePerDeviceHour, String region, Cheat cheat) {
        if (agent != null) {
            throw new IllegalStateException("provider " + name + " is already started");
        }
        network.fundProvider(name);
        agent = ProviderAgent.start(new AgentConfig(network.url(), key(), dataDir, pricePerDeviceHour, region, cheat)
                .withUsageInterval(usageInterval));
        awaitOnline(TestNetwork.DEFAULT_WAIT);
        Eventually.await("provider " + name + " to be staked and active", TestNetwork.DEFAULT_WAIT, () -> view().active());
        return this;
    }

    /** Signs a running job's interim usage receipt every {@code interval} once started (the agent's default is a minute). */
    public ProviderNode reportingUsageEvery(Duration interval) {
        this.usageInterval = interval;
        return this;
    }

    /** Crashes: no goodbye, no more heartbeats, its running workload killed. */
    public ProviderNode goesOffline() {
        running().goOffline();
        return this;
    }

    /** Shuts the agent down, if it was started. */
    public void stop() {
        ProviderAgent current = agent;
        agent = null;
        if (current != null) {
            current.close();
        }
    }

    public String name() {
        return name;
    }

    public Keypair key() {
        return TestNetwork.key(name);
    }

    public Address address() {
        return key().address();
    }

    /** Where the agent keeps job output: {@code jobs/<job id>/attempt-<n>/}. */
    public Path dataDir() {
        return dataDir;
    }

    /** The agent's service-port registry: where a job's runtime exposes the ports it serves. */
    public PortForwarder ports() {
        return agent.ports();
    }

    /** The loopback port where this provider serves inference job {@code job}'s model, once it is loaded. */
    public java.util.OptionalInt servingPort(JobHandle job) {
        return agent.servingPort(job.id().hex());
    }

    /** The directory a lease attempt of a job ran in. */
    public Path attemptDir(JobHandle job, int attempt) {
        return dataDir.resolve("jobs").resolve(job.id().hex()).resolve("attempt-" + attempt);
    }

    /** The provider's own bid for a job put to auction, signed with its wallet beside its running agent. */
    public Views.TxAccepted bids(Hash job, long pricePerDeviceHour) {
        return network.submit(name, new PlaceBid(job, pricePerDeviceHour));
    }

    /** Micro-GRID in the provider's wallet: what the treasury gave it, less its stake, plus what it earned. */
    public long balance() {
        return network.client().account(address()).balance();
    }

    /** Micro-GRID bonded as its stake. */
    public long stake() {
        return network.client().account(address()).providerStake();
    }

    /**
     * Micro-GRID the provider has earned for work: its wallet and its stake, less what the treasury
     * gave it; a refund taken from its stake counts against it.
     */
    public long earned() {
        var account = network.client().account(address());
        return account.balance() + account.providerStake() - network.providerFunds(name);
    }

    /** The coordinator's view of this provider. */
    public ProviderView view() {
        return network.providerView(address());
    }

    public boolean isOnline() {
        return view().online();
    }

    /** Waits until the coordinator lists this provider online (logged in and not timed out). */
    public ProviderNode awaitOnline(Duration timeout) {
        Eventually.await("provider " + name + " to be online", timeout, this::isOnline);
        return this;
    }

    /** Waits until the coordinator has given up on this provider: no heartbeat within its timeout. */
    public ProviderNode awaitLost(Duration timeout) {
        Eventually.await("provider " + name + " to be seen as lost", timeout, () -> !isOnline());
        return this;
    }

    private ProviderAgent running() {
        ProviderAgent current = agent;
        if (current == null) {
            throw new IllegalStateException("provider " + name + " is not started");
        }
        return current;
    }

    @Override
    public String toString() {
        return "provider " + name + " (" + address() + ")";
    }
}
