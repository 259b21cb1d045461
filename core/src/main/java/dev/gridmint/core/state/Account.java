package dev.gridmint.core.state;

/**
 * A wallet's standing in the ledger.
 *
 * @param balance micro-GRID it holds
 * @param nonce the nonce of its last accepted transaction; the next one must be {@code nonce + 1}
 */
public record Account(long balance, long nonce) {

    public static final Account EMPTY = new Account(0, 0);

    public Account {
        Checks.nonNegative(balance, "balance");
        Checks.nonNegative(nonce, "nonce");
    }

    public Account credit(long amount) {
        return new Account(Math.addExact(balance, amount), nonce);
    }

    public Account debit(long amount) {
        return new Account(Math.subtractExact(balance, amount), nonce);
    }

    public Account nextNonce() {
        return new Account(balance, nonce + 1);
    }
}
