package dev.gridmint.node.api;

/** A refusal at the HTTP edge: a status, a stable code and a message for people. */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public ApiError body() {
        return new ApiError(code, getMessage());
    }
}
