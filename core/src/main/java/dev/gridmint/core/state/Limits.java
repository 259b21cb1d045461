package dev.gridmint.core.state;

/** Hard bounds on what a transaction may carry, so no input can blow up state or arithmetic. */
public final class Limits {

    public static final int MAX_LABEL_BYTES = 128;
    public static final int MAX_ARGS = 32;
    public static final int MAX_ARG_BYTES = 256;
    /** At 40 bytes each, this many allocations fit well inside one payload. */
    public static final int MAX_ALLOCATIONS = 1_000;
    public static final int MAX_NETWORK_ID_BYTES = 64;
    public static final int MAX_REASON_BYTES = 256;
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** 1,000 CC per device-hour: far above any real price, far below overflow. */
    public static final long MAX_PRICE_PER_DEVICE_HOUR = 1_000_000_000L;
    /** One year. */
    public static final long MAX_JOB_SECONDS = 365L * 24 * 3600;

    private Limits() {}
}
