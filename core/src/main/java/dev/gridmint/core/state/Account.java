package dev.gridmint.core.state;

/**
 * A wallet's standing in the ledger.
 *
 * @param balance micro-GRID it holds
 * @param credits micro-CC it holds: compute credits, bound to this wallet, spent only on jobs or refunded
 * @param nonce the nonce of its last accepted transaction; the next one must be {@code nonce + 1}
 */
public record Account(long balance, long credits, long nonce) {

    public static final Account EMPTY = new Account(0, 0, 0);

    public Account {
        Checks.nonNegative(balance, "balance");
        Checks.nonNegative(credits, "credits");
        Checks.nonNegative(nonce, "nonce");
    }

    public Account credit(long amount) {
        return new Account(Math.addExact(balance, amount), credits, nonce);
    }

    public Account debit(long amount) {
        return new Account(Math.subtractExact(balance, amount), credits, nonce);
    }

    public Account withCredits(long newCredits) {
        return new Account(balance, newCredits, nonce);
    }

    public Account nextNonce() {
        return new Account(balance, credits, nonce + 1);
    }
}
