package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.economics.VaultBreaker;
import dev.gridmint.core.economics.Vesting;
import dev.gridmint.core.params.CreditParams;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.PriceReport;
import dev.gridmint.core.state.VestingGrant;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.ClaimVested;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.RefundCredits;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.core.tx.TxPayload.Tick;
import dev.gridmint.core.tx.TxPayload.Transfer;
import java.util.Optional;
import java.util.OptionalLong;

/** GRID and credits: transfers, the clock, the oracle, burning GRID for credits and back, vesting. */
final class TokenRules {

    /** A price far above any real one ($1M per GRID) and far below overflow. */
    static final long MAX_PRICE = 1_000_000_000_000L;
    /** $1B of credits in one transaction. */
    static final long MAX_CREDITS = 1_000_000_000_000_000L;

    private TokenRules() {}

    static ApplyResult transfer(Context c, Transfer transfer) {
        if (transfer.amount() <= 0) {
            return Refusals.notPositive("a transfer");
        }
        long balance = c.state().account(c.signer()).balance();
        if (balance < transfer.amount()) {
            return Refusals.insufficientFunds(balance, transfer.amount(), "balance");
        }
        return new Applied(c.state().debit(c.signer(), transfer.amount()).credit(transfer.to(), transfer.amount()));
    }

    static ApplyResult tick(Context c, Tick tick) {
        if (!c.signedByCoordinator()) {
            return Refusals.coordinatorOnly("advances the clock");
        }
        if (tick.now() < c.now()) {
            return reject(TxError.CLOCK_BACKWARDS, "ledger time is " + c.now() + ", cannot go back to " + tick.now());
        }
        return new Applied(c.state().withClock(c.state().clock().at(tick.now())));
    }

    static ApplyResult reportPrice(Context c, ReportPrice report) {
        if (!c.params().oracle().reporters().contains(c.signer())) {
            return reject(TxError.NOT_AN_ORACLE, "the signer is not an oracle reporter");
        }
        if (report.price() <= 0 || report.price() > MAX_PRICE) {
            return reject(TxError.INVALID_AMOUNT, "a price is 1.." + MAX_PRICE + " micro-USD per GRID");
        }
        if (report.observedAt() > c.now()) {
            return reject(TxError.STALE_REPORT, "observed at " + report.observedAt() + ", after ledger time " + c.now());
        }
        Optional<PriceReport> previous = c.state().prices().get(c.signer());
        if (previous.isPresent() && previous.get().observedAt() > report.observedAt()) {
            return reject(TxError.STALE_REPORT, "older than this reporter's last report");
        }
        return new Applied(c.state().withPrice(c.signer(), new PriceReport(report.price(), report.observedAt())));
    }

    /** L1 and L7: GRID goes into the vault, credits come out at the price less the spread, unless the breaker is open. */
    static ApplyResult mintCredits(Context c, MintCredits mint) {
        if (mint.credits() <= 0 || mint.credits() > MAX_CREDITS) {
            return reject(TxError.INVALID_AMOUNT, "credits to mint must be 1.." + MAX_CREDITS);
        }
        OptionalLong price = Treasury.price(c.state(), c.params());
        if (price.isEmpty()) {
            return Refusals.noPrice();
        }
        CreditParams rules = c.params().credits();
        if (breaker(c.state(), rules, price.getAsLong()) == VaultBreaker.HALT) {
            return reject(TxError.CIRCUIT_BREAKER, "the vault's collateral ratio is below "
                    + rules.haltRatioBps() + " bps: minting credits is halted");
        }
        long grid = Bme.gridForCredits(mint.credits(), price.getAsLong(), rules.spreadBps());
        if (grid > mint.maxGrid()) {
            return reject(TxError.SLIPPAGE, mint.credits() + " credits cost " + grid + " micro-GRID, more than " + mint.maxGrid());
        }
        Account account = c.state().account(c.signer());
        if (account.balance() < grid) {
            return Refusals.insufficientFunds(account.balance(), grid, "balance");
        }
        LedgerState next = c.state()
                .withAccount(c.signer(), account.debit(grid).withCredits(Math.addExact(account.credits(), mint.credits())))
                .withSupply(c.state().supply().vault(grid).mintCredits(mint.credits()));
        return new Applied(next.withClock(next.clock().burned(grid)));
    }

    /** L2: credits are burned and GRID paid at the current price less the spread, from the vault first. */
    static ApplyResult refundCredits(Context c, RefundCredits refund) {
        if (refund.credits() <= 0) {
            return Refusals.notPositive("credits to refund");
        }
        Account account = c.state().account(c.signer());
        if (account.credits() < refund.credits()) {
            return Refusals.insufficientFunds(account.credits(), refund.credits(), "credits");
        }
        OptionalLong price = Treasury.price(c.state(), c.params());
        if (price.isEmpty()) {
            return Refusals.noPrice();
        }
        long grid = Bme.gridForRefund(refund.credits(), price.getAsLong(), c.params().credits().spreadBps());
        if (grid < refund.minGrid()) {
            return reject(TxError.SLIPPAGE, refund.credits() + " credits refund " + grid + " micro-GRID, less than " + refund.minGrid());
        }
        LedgerState burned = c.state()
                .withAccount(c.signer(), account.withCredits(account.credits() - refund.credits()))
                .withSupply(c.state().supply().burnCredits(refund.credits()));
        var payout = Treasury.payFromVault(burned, c.params(), c.signer(), grid);
        if (payout.unpaid() > 0) {
            return reject(TxError.SUPPLY_OVERFLOW, "the vault and the max supply cannot cover this refund");
        }
        return new Applied(payout.state());
    }

    static ApplyResult claimVested(Context c, ClaimVested claim) {
        Optional<VestingGrant> found = c.state().vesting().get(c.signer());
        if (found.isEmpty()) {
            return reject(TxError.NOTHING_TO_CLAIM, "the signer has no vesting grant");
        }
        VestingGrant grant = found.get();
        long vested = Vesting.vested(grant.total(), c.state().clock().genesisTime(), grant.cliffSeconds(),
                grant.durationSeconds(), c.now());
        long claimable = vested - grant.released();
        if (claimable <= 0) {
            return reject(TxError.NOTHING_TO_CLAIM, "nothing more has vested yet");
        }
        LedgerState next = c.state()
                .withVesting(c.signer(), grant.release(claimable))
                .withSupply(c.state().supply().vestingLocked(-claimable))
                .credit(c.signer(), claimable);
        return new Applied(next);
    }

    static VaultBreaker breaker(LedgerState state, CreditParams rules, long price) {
        long ratio = Bme.collateralRatioBps(state.supply().vault(), price, state.supply().creditsOutstanding());
        return Bme.breaker(ratio, rules.warnRatioBps(), rules.haltRatioBps());
    }
}
