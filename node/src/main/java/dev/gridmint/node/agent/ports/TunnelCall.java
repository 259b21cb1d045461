package dev.gridmint.node.agent.ports;

import dev.gridmint.node.protocol.AgentMessage;
import dev.gridmint.node.service.ServiceCall;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A relayed request answered by a service in the agent's own process: what the service writes goes back
 * through the tunnel as it flushes it. The head waits for the body's first flush and travels with it, so a
 * whole answer is one message and a stream's first event costs no message of its own.
 */
final class TunnelCall implements ServiceCall {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final AgentMessage.ProxyRequest request;
    private final byte[] body;
    private final Consumer<AgentMessage> reply;
    private volatile boolean cancelled;
    private boolean answered;
    private Pieces open;

    TunnelCall(AgentMessage.ProxyRequest request, byte[] body, Consumer<AgentMessage> reply) {
        this.request = request;
        this.body = body;
        this.reply = reply;
    }

    @Override
    public String method() {
        return request.method().toUpperCase(Locale.ROOT);
    }

    @Override
    public String path() {
        int query = request.path().indexOf('?');
        return query < 0 ? request.path() : request.path().substring(0, query);
    }

    @Override
    public byte[] body(int limit) throws BodyTooLargeException {
        if (body.length > limit) {
            throw new BodyTooLargeException(limit);
        }
        return body;
    }

    @Override
    public synchronized void respond(int status, Map<String, String> headers, byte[] answer) throws IOException {
        start();
        String data = answer.length == 0 ? null : BASE64.encodeToString(answer);
        reply.accept(new AgentMessage.ProxyHead(request.stream(), status, headers, data));
    }

    @Override
    public synchronized OutputStream stream(int status, Map<String, String> headers) throws IOException {
        start();
        open = new Pieces(status, headers);
        return open;
    }

    /** The tenant went away: the service's next write fails, which stops it. */
    void cancel() {
        cancelled = true;
    }

    /**
     * The service returned (or failed with {@code end}'s error): {@code end} goes out after everything it flushed,
     * or in place of an answer it never started.
     */
    void end(AgentMessage.ProxyEnd end) {
        Pieces stream;
        synchronized (this) {
            stream = open;
            if (!answered && end.error() == null) {
                end = new AgentMessage.ProxyEnd(end.stream(), "SERVICE_FAILED", "the service answered nothing");
            }
        }
        if (stream == null) {
            reply.accept(end);
        } else {
            stream.end(end);
        }
    }

    private void start() throws IOException {
        checkOpen();
        if (answered) {
            throw new IllegalStateException("the service answered twice");
        }
        answered = true;
    }

    private void checkOpen() throws IOException {
        if (cancelled) {
            throw new IOException("the tenant went away");
        }
    }

    /**
     * A streamed body. The first flush sends the head at once, on the service's thread. Later flushes hand what was
     * written to a sender thread and return: while it is busy with one piece, what is flushed meanwhile gathers into
     * the next, so a service that writes faster than the link carries it (a small model's tokens) sends a few large
     * messages instead of one per event, and a slow one (a large model's) still has each event sent as it is flushed.
     */
    private final class Pieces extends OutputStream {

        /** Flushed bytes not yet sent, beyond which the service waits for the link. */
        private static final int MAX_READY = 4 * PortForwarder.CHUNK_BYTES;

        private final int status;
        private final Map<String, String> headers;
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final ByteArrayOutputStream ready = new ByteArrayOutputStream();
        private boolean headSent;
        private boolean sending;
        private AgentMessage.ProxyEnd end;

        Pieces(int status, Map<String, String> headers) {
            this.status = status;
            this.headers = Map.copyOf(headers);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            checkOpen();
            boolean full;
            synchronized (this) {
                written.write(bytes, offset, length);
                full = written.size() >= PortForwarder.CHUNK_BYTES;
            }
            if (full) {
                flush();
            }
        }

        @Override
        public void flush() throws IOException {
            checkOpen();
            boolean inline;
            synchronized (this) {
                while (ready.size() >= MAX_READY) {
                    waitForSender();
                }
                inline = handOver();
            }
            if (inline) {
                send();
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }

        /**
         * The service is done: {@code last} follows the rest. A service that failed before its first flush sends the
         * failure alone: with nothing of the answer sent, the gateway can still try another provider.
         */
        void end(AgentMessage.ProxyEnd last) {
            boolean alone;
            boolean inline = false;
            synchronized (this) {
                alone = last.error() != null && !headSent && !sending;
                if (alone) {
                    headSent = true;
                    written.reset();
                } else {
                    end = last;
                    inline = handOver();
                }
            }
            if (alone) {
                reply.accept(last);
            } else if (inline) {
                send();
            }
        }

        /**
         * Moves what was written to the ready pieces and starts a sender unless one runs; true when the caller is to
         * send itself (the head, which nothing is gathering behind yet).
         */
        private boolean handOver() {
            ready.writeBytes(written.toByteArray());
            written.reset();
            if (sending || (ready.size() == 0 && headSent && end == null)) {
                return false;
            }
            sending = true;
            if (!headSent) {
                return true;
            }
            Thread.ofVirtual().name("tunnel-" + request.stream()).start(this::send);
            return false;
        }

        private void waitForSender() throws IOException {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the answer was being sent");
            }
            checkOpen();
        }

        /** Sends what is ready, piece by piece, until nothing is; then the end, if the service is done. */
        private void send() {
            while (true) {
                byte[] data;
                boolean head;
                AgentMessage.ProxyEnd last = null;
                synchronized (this) {
                    if (ready.size() == 0 && headSent) {
                        last = end;
                        end = null;
                        if (last == null) {
                            sending = false;
                            return;
                        }
                    }
                    data = ready.toByteArray();
                    ready.reset();
                    head = !headSent;
                    headSent = true;
                    notifyAll();
                }
                if (last != null) {
                    reply.accept(last);
                    synchronized (this) {
                        sending = false;
                    }
                    return;
                }
                sendPieces(data, head);
            }
        }

        private void sendPieces(byte[] data, boolean head) {
            for (int from = 0; from < data.length || head; from += PortForwarder.CHUNK_BYTES) {
                String piece = data.length == 0 ? null
                        : BASE64.encodeToString(Arrays.copyOfRange(data, from, Math.min(data.length, from + PortForwarder.CHUNK_BYTES)));
                reply.accept(head ? new AgentMessage.ProxyHead(request.stream(), status, headers, piece)
                        : new AgentMessage.ProxyChunk(request.stream(), piece));
                head = false;
            }
        }
    }
}
