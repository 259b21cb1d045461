package dev.gridmint.node.inference.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal in the OpenAI shape: an HTTP status and {@code {"error":{"message","type","param","code"}}}.
 * Thrown at the HTTP edges only.
 */
public final class OpenAiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public OpenAiException(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static OpenAiException invalid(String param, String message) {
        return new OpenAiException(400, "invalid_request_error", "invalid_request", param, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The body OpenAI clients parse. */
    public Map<String, Object> body() {
        return body(getMessage(), type, param, code);
    }

    public static Map<String, Object> body(String message, String type, String param, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        return Map.of("error", error);
    }
}
