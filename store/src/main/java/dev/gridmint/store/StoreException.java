package dev.gridmint.store;

/** A store operation failed; nothing was written. The code is stable and safe to show. */
public final class StoreException extends RuntimeException {

    public enum Code { HEIGHT_GAP, SNAPSHOT_AHEAD_OF_LOG, CORRUPT, IO }

    private final Code code;

    public StoreException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public StoreException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
