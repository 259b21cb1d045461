package dev.gridmint.workloads.diloco;

/** The result of parsing untrusted bytes: the value, or why the bytes were refused. */
public sealed interface Parsed<T> {

    record Ok<T>(T value) implements Parsed<T> {}

    record Invalid<T>(Code code, String message) implements Parsed<T> {}

    /** Stable error codes, for logs, verdicts and clients. */
    enum Code {
        /** More bytes than the largest message allowed. */
        TOO_LARGE,
        /** The bytes end before the message does. */
        TRUNCATED,
        /** Bytes left over after a complete message. */
        TRAILING_BYTES,
        /** Not a message of this kind (wrong magic) or an unknown version. */
        BAD_HEADER,
        /** A field outside its allowed range. */
        BAD_FIELD,
        /** The payload's length does not match its encoding and value count. */
        BAD_PAYLOAD
    }
}
