package dev.gridmint.core.state;

import java.nio.charset.StandardCharsets;

/** Argument checks shared by the state records; a failure is a malformed value, never a ledger rule. */
final class Checks {

    private Checks() {}

    static void positive(long value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
    }

    static void nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative, got " + value);
        }
    }

    /** A short printable label: not blank, bounded, no control characters. */
    static void label(String value, String what, int maxBytes) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        text(value, what, maxBytes);
    }

    static void text(String value, String what, int maxBytes) {
        if (value.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new IllegalArgumentException(what + " must be at most " + maxBytes + " bytes");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(what + " must not contain control characters");
        }
    }
}
