package dev.gridmint.node.service;

import java.io.IOException;

/**
 * A service that runs in the agent's own process (a built-in model server). The agent's port tunnel calls
 * it directly: no loopback socket, no HTTP encoding and decoding on the provider, and no thread hand-offs
 * between an HTTP client and server, which on a small machine cost more than the relay itself.
 */
@FunctionalInterface
public interface LocalService {

    /** Answers {@code call}; returns once the answer is complete. */
    void serve(ServiceCall call) throws IOException;
}
