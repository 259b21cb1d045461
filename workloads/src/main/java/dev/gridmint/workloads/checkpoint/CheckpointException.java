package dev.gridmint.workloads.checkpoint;

import java.util.Objects;

/** A checkpoint that cannot be written or read, with a stable {@link Code} for scripts and the agent. */
public final class CheckpointException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong; {@link #id()} is the stable string form. */
    public enum Code {
        MANIFEST_MISSING("checkpoint.manifest_missing"),
        MANIFEST_HASH_MISMATCH("checkpoint.manifest_hash_mismatch"),
        MANIFEST_INVALID("checkpoint.manifest_invalid"),
        BLOB_MISSING("checkpoint.blob_missing"),
        BLOB_SIZE_MISMATCH("checkpoint.blob_size_mismatch"),
        BLOB_HASH_MISMATCH("checkpoint.blob_hash_mismatch"),
        BLOB_INVALID("checkpoint.blob_invalid"),
        IO_ERROR("checkpoint.io_error");

        private final String id;

        Code(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Code code;

    public CheckpointException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public CheckpointException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }

    @Override
    public String getMessage() {
        return code.id() + ": " + super.getMessage();
    }
}
