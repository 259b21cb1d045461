package dev.gridmint.node.training;

/** Why the round service refused a request: an HTTP status, a stable code and a message for people. */
public record Refusal(int status, String code, String message) {

    static Refusal conflict(String code, String message) {
        return new Refusal(409, code, message);
    }

    static Refusal bad(String code, String message) {
        return new Refusal(400, code, message);
    }
}
