package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.train.ParameterVector;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a training worker signs for each request that changes a session's state, shared by the worker and the
 * round service: the session, the action, the worker, the round and the SHA-256 of the body. Binding the round
 * and session makes a captured request useless anywhere else; the service refuses a round that is not open.
 */
public final class TrainingAuth {

    /** Request headers: the worker number, the round and the base64 Ed25519 signature. */
    public static final String WORKER_HEADER = "X-Gridmint-Worker";
    public static final String ROUND_HEADER = "X-Gridmint-Round";
    public static final String SIGNATURE_HEADER = "X-Gridmint-Signature";

    /** A session id: lowercase letters, digits and dashes, 1 to 64 of them. */
    public static final Pattern SESSION_ID = Pattern.compile("[a-z0-9-]{1,64}");

    /** The signed actions. */
    public enum Action {
        /** Joining a session by the worker's own key, which must hold a live lease on the session's job. */
        JOIN,
        /** Asking for the next assignment (joining a round). */
        CHECKIN,
        /** Uploading a Δ or a gradient. */
        DELTA
    }

    private TrainingAuth() {
    }

    /** The bytes the worker's Ed25519 key signs. */
    public static byte[] signedBytes(String session, Action action, int worker, long round, byte[] body) {
        String text = "gridmint-training/1\n" + session + "\n" + action.name().toLowerCase(java.util.Locale.ROOT)
                + "\n" + worker + "\n" + round + "\n" + ParameterVector.sha256Hex(body);
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
