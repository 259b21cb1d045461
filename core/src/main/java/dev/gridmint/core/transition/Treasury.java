package dev.gridmint.core.transition;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Prices;
import java.util.OptionalLong;

/**
 * The protocol's own money moves: minting within the max supply, paying out of the BME vault,
 * and the oracle price. Every move keeps the supply totals in step with the tables.
 */
final class Treasury {

    private Treasury() {}

    /** What a payout came to: the new state, and what could not be paid because the max supply was reached. */
    record Payout(LedgerState state, long paid, long unpaid) {}

    /** Micro-GRID that may still be minted before outstanding supply reaches the max. */
    static long headroom(LedgerState state, NetworkParams params) {
        return Math.max(0, params.token().maxSupply() - state.supply().outstanding());
    }

    /** Mints {@code amount} into an account's balance; the caller has checked the headroom. */
    static LedgerState mintTo(LedgerState state, Address to, long amount) {
        return state.withSupply(state.supply().mint(amount)).credit(to, amount);
    }

    /** Pays GRID from the vault first and mints the shortfall, as far as the max supply allows (L6). */
    static Payout payFromVault(LedgerState state, NetworkParams params, Address to, long grid) {
        var payout = Bme.payout(grid, state.supply().vault(), headroom(state, params));
        long paid = payout.paid();
        var supply = state.supply().vault(-payout.fromVault()).mint(payout.minted());
        return new Payout(state.withSupply(supply).credit(to, paid), paid, grid - paid);
    }

    static OptionalLong price(LedgerState state, NetworkParams params) {
        return Prices.current(state, params);
    }
}
