package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;

/**
 * A partner's token, paid to stakers through reward pools (L20). Its issuer is the partner's key,
 * which alone funds pools of it; what backs it off the ledger is the partner's business, as with
 * any bridged asset.
 *
 * @param issued units ever put into pools
 */
public record PartnerToken(String symbol, Address issuer, long issued) {

    public static final int MAX_SYMBOL_LENGTH = 12;

    public PartnerToken {
        requireSymbol(symbol);
        Checks.nonNegative(issued, "issued");
    }

    /** Two to twelve upper-case letters or digits, so a symbol cannot pass for another. */
    public static void requireSymbol(String symbol) {
        if (symbol.length() < 2 || symbol.length() > MAX_SYMBOL_LENGTH || !symbol.chars().allMatch(
                c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("a token symbol is 2.." + MAX_SYMBOL_LENGTH + " of A-Z and 0-9, got '" + symbol + "'");
        }
    }

    public PartnerToken issue(long amount) {
        return new PartnerToken(symbol, issuer, Math.addExact(issued, amount));
    }
}
