package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Keypair;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How a provider agent runs: whose key it holds, which coordinator it dials, where it keeps job
 * output, and the owner's price policy: a price per device-hour for each device model it may find
 * ({@code modelPrices}, micro-CC), and {@code pricePerDeviceHour} for any other. {@code stake} is
 * the provider stake (micro-GRID) the owner wants bonded; the agent bonds at least what the offer
 * requires. {@code usageInterval} is how often a running job's cumulative usage receipt is signed
 * into the ledger, which bills on each. {@code measureInterval} is how often the agent measures its
 * link's bandwidth and its data directory's disk again and reports them. {@code cheat} is for tests
 * only (see {@link Cheat}).
 */
public record AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region, Cheat cheat,
        Map<String, Long> modelPrices, long stake, Duration usageInterval, Duration measureInterval) {

    public static final Duration DEFAULT_USAGE_INTERVAL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MEASURE_INTERVAL = Duration.ofHours(1);

    public AgentConfig {
        modelPrices = Map.copyOf(modelPrices);
        if (stake < 0) {
            throw new IllegalArgumentException("stake is not negative");
        }
        if (usageInterval.toMillis() < 100) {
            throw new IllegalArgumentException("the usage interval is at least 100 ms, got " + usageInterval.toMillis() + " ms");
        }
        if (measureInterval.toSeconds() < 60) {
            throw new IllegalArgumentException("the measure interval is at least 60 s, got " + measureInterval.toSeconds() + " s");
        }
    }

    public AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region, Cheat cheat,
            Map<String, Long> modelPrices, long stake, Duration usageInterval) {
        this(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, cheat, modelPrices, stake, usageInterval, DEFAULT_MEASURE_INTERVAL);
    }

    public AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region, Cheat cheat,
            Map<String, Long> modelPrices, long stake) {
        this(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, cheat, modelPrices, stake, DEFAULT_USAGE_INTERVAL);
    }

    public AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region, Cheat cheat) {
        this(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, cheat, Map.of(), 0);
    }

    /** An honest agent at one flat price. */
    public AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region) {
        this(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, Cheat.NONE);
    }

    public AgentConfig withUsageInterval(Duration interval) {
        return new AgentConfig(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, cheat, modelPrices, stake, interval,
                measureInterval);
    }

    public AgentConfig withMeasureInterval(Duration interval) {
        return new AgentConfig(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, cheat, modelPrices, stake, usageInterval,
                interval);
    }

    /** The owner's price for a device of this model. */
    public long priceFor(String deviceModel) {
        return modelPrices.getOrDefault(deviceModel, pricePerDeviceHour);
    }
}
