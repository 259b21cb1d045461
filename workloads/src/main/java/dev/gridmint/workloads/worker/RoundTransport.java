package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.diloco.Broadcast;
import dev.gridmint.workloads.diloco.DeltaMessage;
import java.io.IOException;
import java.util.Optional;

/**
 * How a worker talks to its session's round service. Today this is HTTP ({@link HttpRoundTransport}); Δs
 * may later travel as signed artifacts through the coordinator's artifact store behind the same calls.
 */
public interface RoundTransport {

    SessionInfo info() throws IOException;

    /** The worker number requests are signed for: given up front, or by the session on {@link #join()}. */
    int worker();

    /**
     * Joins the session by this worker's key (a session of a network job, whose workers are not numbered in
     * advance); returns the worker number the session gave the key, which later requests carry.
     */
    int join() throws IOException;

    /** Asks for round {@code round} or later; may wait a while on the service before answering {@code Wait}. */
    Assignment checkin(long round) throws IOException;

    /** The update the service applied when it closed {@code round}, if that round was applied. */
    Optional<Broadcast> update(long round) throws IOException;

    /** The full current θ, for a worker that joins or fell behind. */
    Broadcast theta() throws IOException;

    /** Uploads a Δ (or a gradient) for its round, signed by the worker. */
    void upload(DeltaMessage message) throws IOException;

    /** The service refused a request, with its stable code. */
    final class Refused extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        public Refused(int status, String code, String message) {
            super(code + ": " + message + " (HTTP " + status + ")");
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }
}
