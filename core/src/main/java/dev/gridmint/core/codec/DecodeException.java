package dev.gridmint.core.codec;

/** Bytes that are not a valid encoding. Thrown by readers; the edges turn it into an error code. */
public final class DecodeException extends RuntimeException {
    public DecodeException(String message) {
        super(message);
    }
}
