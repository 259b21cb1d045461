package dev.gridmint.node.agent;

import dev.gridmint.core.crypto.Keypair;
import java.nio.file.Path;

/**
 * How a provider agent runs: whose key it holds, which coordinator it dials, where it keeps job
 * output, and the owner's price policy (a flat price per device-hour in this version). {@code
 * cheat} is for tests only (see {@link Cheat}).
 */
public record AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region, Cheat cheat) {

    /** An honest agent. */
    public AgentConfig(String coordinatorUrl, Keypair key, Path dataDir, long pricePerDeviceHour, String region) {
        this(coordinatorUrl, key, dataDir, pricePerDeviceHour, region, Cheat.NONE);
    }
}
