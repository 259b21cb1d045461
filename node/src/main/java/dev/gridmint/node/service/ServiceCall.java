package dev.gridmint.node.service;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * One HTTP request to a {@link LocalService} and the way its answer goes back, whatever carries it:
 * a loopback HTTP exchange, or a tenant's request relayed through the agent's port tunnel.
 */
public interface ServiceCall {

    /** The method, upper case. */
    String method();

    /** The path, without the query. */
    String path();

    /** The whole request body; a {@link BodyTooLargeException} once it passes {@code limit} bytes. */
    byte[] body(int limit) throws IOException;

    /** Answers with a whole body (its length known up front). */
    void respond(int status, Map<String, String> headers, byte[] body) throws IOException;

    /**
     * Starts a streamed answer. Each {@code flush} of the stream returned sends what was written so far, and
     * closing it ends the answer; a write fails with an {@link IOException} once the caller has gone away.
     */
    OutputStream stream(int status, Map<String, String> headers) throws IOException;

    /** The body passed the handler's limit. */
    final class BodyTooLargeException extends IOException {
        public BodyTooLargeException(int limit) {
            super("the body is larger than " + limit + " bytes");
        }
    }
}
