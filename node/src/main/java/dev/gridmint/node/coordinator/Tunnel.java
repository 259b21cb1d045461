package dev.gridmint.node.coordinator;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.protocol.AgentMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's end of the port tunnel: requests to a job's port go to its provider's agent, and
 * the reply pieces ({@code proxyHead}, {@code proxyChunk}, {@code proxyEnd}) come back into the stream
 * that asked. Shared by the tenant-facing {@link PortProxy} and the inference gateway.
 */
public final class Tunnel {

    /** Pieces buffered for a reader slower than the service, before the stream is cut. */
    private static final int MAX_BUFFERED_PIECES = 512;

    private final AgentHub agents;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    /** A per-start prefix, so ids never repeat across a coordinator restart that agents' old streams could outlive. */
    private final String idPrefix = Long.toString(new java.security.SecureRandom().nextLong() & Long.MAX_VALUE, 36) + "-";
    private final AtomicLong nextId = new AtomicLong();

    public Tunnel(AgentHub agents) {
        this.agents = agents;
        agents.setProxyReplies(this::deliver);
    }

    /** Opens a stream to {@code provider}'s service for {@code jobId}; close it when done. */
    public Stream open(Address provider, Hash jobId) {
        // A counter, not a random UUID (a SecureRandom draw under a lock on every request): a reply is only
        // taken from the provider the stream was opened to, so guessing an id gains that provider nothing.
        var stream = new Stream(idPrefix + Long.toString(nextId.incrementAndGet(), 36), provider, jobId);
        streams.put(stream.id, stream);
        return stream;
    }

    /** Streams open to {@code jobId}'s services. */
    public long openFor(Hash jobId) {
        return streams.values().stream().filter(s -> s.jobId.equals(jobId)).count();
    }

    /**
     * An agent's reply piece. A piece for no open stream, or for a stream another provider serves,
     * goes nowhere; so does one the reader is too slow to take (the stream is then cut short).
     */
    private void deliver(Address provider, String streamId, AgentMessage piece) {
        Stream stream = streams.get(streamId);
        if (stream != null && stream.provider.equals(provider) && !stream.pieces.offer(piece)) {
            streams.remove(streamId);
            agents.send(provider, new AgentMessage.ProxyCancel(streamId));
        }
    }

    /** One request's reply, piece by piece. */
    public final class Stream implements AutoCloseable {

        private final String id;
        private final Address provider;
        private final Hash jobId;
        private final BlockingQueue<AgentMessage> pieces = new LinkedBlockingQueue<>(MAX_BUFFERED_PIECES);

        private Stream(String id, Address provider, Hash jobId) {
            this.id = id;
            this.provider = provider;
            this.jobId = jobId;
        }

        public String id() {
            return id;
        }

        public Address provider() {
            return provider;
        }

        /** Sends the request (made with this stream's id); false when the provider is not connected. */
        public boolean send(AgentMessage.ProxyRequest request) {
            return agents.send(provider, request);
        }

        /** The next piece, or null when none came within {@code timeout}. */
        public AgentMessage next(Duration timeout) throws InterruptedException {
            return pieces.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** The next piece if one is already waiting, else null. */
        public AgentMessage poll() {
            return pieces.poll();
        }

        /** False once the stream was cut for a reader too slow to keep up (what is already buffered can still be read). */
        public boolean isOpen() {
            return streams.get(id) == this;
        }

        /** The reader gave up: the agent stops reading the service. */
        public void cancel() {
            agents.send(provider, new AgentMessage.ProxyCancel(id));
        }

        @Override
        public void close() {
            streams.remove(id);
        }
    }
}
