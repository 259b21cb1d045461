package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.state.EpochClock;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.NetworkConfig;
import dev.gridmint.core.state.Provider;
import dev.gridmint.core.state.VestingGrant;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.*;
import dev.gridmint.core.tx.VerifiedTx;
import java.util.OptionalLong;

/**
 * The ledger's rules: {@code apply(state, tx)} is a pure function. It reads no clock, no
 * randomness and no I/O, so replaying a log anywhere gives the same states. A refused
 * transaction changes nothing, not even the signer's nonce. The rules themselves live in one
 * class per concern; this class checks the envelope and dispatches.
 */
public final class StateTransition {

    private StateTransition() {}

    /** Checks the signature, then applies: safe on its own, for any transaction. */
    public static ApplyResult apply(LedgerState state, SignedTx tx) {
        return VerifiedTx.verify(tx).map(verified -> applyVerified(state, verified)).orElseGet(StateTransition::badSignature);
    }

    /** The refusal of a transaction whose signature does not check, for callers that verified it themselves. */
    public static ApplyResult badSignature() {
        return reject(TxError.BAD_SIGNATURE, "the signature does not match the transaction and its signer");
    }

    /**
     * Applies a transaction whose signature is already checked: a {@link VerifiedTx} exists only
     * once its check passed, so the result is the same as {@link #apply} without the check again.
     */
    public static ApplyResult applyVerified(LedgerState state, VerifiedTx verified) {
        SignedTx tx = verified.tx();
        if (tx.payload() instanceof Genesis genesis) {
            return applyGenesis(state, tx, genesis);
        }
        if (state.network().isEmpty()) {
            return reject(TxError.NO_GENESIS, "the ledger has no genesis yet");
        }
        NetworkConfig network = state.network().get();
        if (!network.networkId().equals(tx.networkId())) {
            return reject(TxError.WRONG_NETWORK, "signed for network '" + tx.networkId() + "', this is '" + network.networkId() + "'");
        }
        long expectedNonce = state.account(tx.signer()).nonce() + 1;
        if (tx.nonce() != expectedNonce) {
            return reject(TxError.BAD_NONCE, "nonce " + tx.nonce() + " is not the next one, " + expectedNonce);
        }
        LedgerState bumped = state.withAccount(tx.signer(), state.account(tx.signer()).nextNonce());
        var context = new Context(bumped, network, tx.signer(), tx);
        ApplyResult result;
        try {
            result = dispatch(context);
        } catch (ArithmeticException overflow) {
            result = reject(TxError.SUPPLY_OVERFLOW, "an amount would overflow: " + overflow.getMessage());
        }
        return switch (result) {
            case Applied applied -> new Applied(applied.state().nextHeight());
            case Rejected rejected -> rejected;
        };
    }

    private static ApplyResult dispatch(Context c) {
        return switch (c.tx().payload()) {
            case Genesis ignored -> throw new IllegalStateException("genesis is handled before dispatch");
            case Transfer transfer -> TokenRules.transfer(c, transfer);
            case Tick tick -> TokenRules.tick(c, tick);
            case ReportPrice report -> TokenRules.reportPrice(c, report);
            case MintCredits mint -> TokenRules.mintCredits(c, mint);
            case RefundCredits refund -> TokenRules.refundCredits(c, refund);
            case ClaimVested claim -> TokenRules.claimVested(c, claim);
            case RegisterProvider register -> register(c, register);
            case BondProviderStake bond -> StakingRules.bondProviderStake(c, bond);
            case RegisterChecker register -> StakingRules.registerChecker(c, register);
            case Delegate delegate -> StakingRules.delegate(c, delegate);
            case Unbond unbond -> StakingRules.unbond(c, unbond);
            case Withdraw withdraw -> StakingRules.withdraw(c, withdraw);
            case ClaimRewards claim -> StakingRules.claimRewards(c, claim);
            case Slash slash -> StakingRules.slash(c, slash);
            case SubmitVerdict verdict -> VerdictRules.submit(c, verdict);
            case SubmitJob submit -> LeaseRules.submit(c, submit);
            case TopUpEscrow topUp -> LeaseRules.topUp(c, topUp);
            case AssignLease assign -> LeaseRules.assign(c, assign.jobId(), assign.provider(), OptionalLong.empty());
            case AwardBid award -> LeaseRules.assign(c, award.jobId(), award.provider(), OptionalLong.of(award.pricePerDeviceHour()));
            case AssignGang gang -> LeaseRules.assignGang(c, gang);
            case ReleaseLease release -> LeaseRules.release(c, release);
            case UsageReceipt receipt -> LeaseRules.receipt(c, receipt);
            case CompleteJob complete -> LeaseRules.complete(c, complete);
            case SettleJob settle -> LeaseRules.settleJob(c, settle);
            case CancelJob cancel -> LeaseRules.cancel(c, cancel);
            case AcceptBid accept -> LeaseRules.acceptBid(c, accept);
            case PlaceBid bid -> LeaseRules.placeBid(c, bid);
            case CloseEpoch close -> EpochRules.close(c, close);
            case ProposeParams propose -> GovernanceRules.propose(c, propose);
            case ApproveProposal approve -> GovernanceRules.approve(c, approve);
            case OpenPartnerPool open -> PartnerRules.open(c, open);
            case TransferPartnerToken transfer -> PartnerRules.transfer(c, transfer);
            case SettleInference settle -> InferenceRules.settle(c, settle);
        };
    }

    private static ApplyResult register(Context c, RegisterProvider register) {
        var registered = c.state().provider(c.signer())
                .map(existing -> existing.withOffer(register.offer()))
                .orElseGet(() -> Provider.registered(c.signer(), register.offer(),
                        c.state().height() + 1, c.now()));
        return new Applied(c.state().withProvider(registered));
    }

    /**
     * Creates the genesis supply: liquid allocations into balances, vesting ones into grants. All
     * of it must fit in what the max supply leaves after the node-reward reserve (L8).
     */
    private static ApplyResult applyGenesis(LedgerState state, SignedTx tx, Genesis genesis) {
        if (state.network().isPresent() || state.height() != 0) {
            return reject(TxError.GENESIS_ALREADY_APPLIED, "this ledger already has a genesis");
        }
        if (tx.nonce() != 1) {
            return reject(TxError.BAD_NONCE, "genesis carries nonce 1");
        }
        if (tx.networkId().isBlank()) {
            return reject(TxError.MALFORMED, "the network id must not be blank");
        }
        LedgerState next = state.withClock(EpochClock.startingAt(genesis.genesisTime()));
        long minted = 0;
        long locked = 0;
        try {
            for (Allocation allocation : genesis.allocations()) {
                if (allocation.amount() <= 0) {
                    return reject(TxError.INVALID_AMOUNT, "genesis allocations must be positive");
                }
                minted = Math.addExact(minted, allocation.amount());
                if (!allocation.vests()) {
                    next = next.credit(allocation.account(), allocation.amount());
                    continue;
                }
                if (allocation.cliffSeconds() > allocation.vestingSeconds() || next.vesting().containsKey(allocation.account())) {
                    return reject(TxError.MALFORMED, "a vesting grant needs its cliff within its duration, one per account");
                }
                locked = Math.addExact(locked, allocation.amount());
                next = next.withVesting(allocation.account(),
                        new VestingGrant(allocation.amount(), 0, allocation.cliffSeconds(), allocation.vestingSeconds()));
            }
        } catch (ArithmeticException overflow) {
            return reject(TxError.SUPPLY_OVERFLOW, "genesis allocations exceed the largest supply");
        }
        long allowance = genesis.params().token().genesisAllowance();
        if (minted > allowance) {
            return reject(TxError.SUPPLY_OVERFLOW,
                    "genesis allocates " + minted + ", more than the " + allowance + " left after the node-reward reserve");
        }
        var config = new NetworkConfig(tx.networkId(), genesis.treasury(), genesis.coordinator(), genesis.params());
        next = next.withNetwork(config).withSupply(next.supply().mint(minted).vestingLocked(locked))
                .withEpochSeed(EpochRules.genesisSeed(tx.hash()));
        next = next.withAccount(tx.signer(), next.account(tx.signer()).nextNonce());
        return new Applied(next.nextHeight());
    }
}
