package dev.gridmint.node.inference.serve;

/**
 * A model artifact that cannot be served, with a stable code: {@value #UNKNOWN} (no format we know),
 * {@value #UNSUPPORTED} (a known format this build does not load), {@value #CORRUPT} (the format's own checks
 * failed) or {@value #UNAVAILABLE} (the artifact could not be fetched).
 */
public final class ModelFormatException extends IllegalArgumentException {

    public static final String UNKNOWN = "MODEL_FORMAT_UNKNOWN";
    public static final String UNSUPPORTED = "MODEL_FORMAT_UNSUPPORTED";
    public static final String CORRUPT = "MODEL_CORRUPT";
    public static final String UNAVAILABLE = "MODEL_UNAVAILABLE";

    private final String code;

    public ModelFormatException(String code, String message) {
        super(code + ": " + message);
        this.code = code;
    }

    public ModelFormatException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
