package dev.gridmint.cli;

/** Something the user can fix: a missing file, a bad value. Printed without a stack trace. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
