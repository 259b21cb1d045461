package dev.gridmint.core.tx;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.HardwareOffer;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Limits;
import dev.gridmint.core.state.PartnerToken;
import dev.gridmint.core.state.Verdict;
import dev.gridmint.core.state.VerdictKind;
import java.util.List;
import java.util.Optional;

/**
 * What a transaction asks the ledger to do. Each variant names who may sign it; the state
 * transition enforces that. Amounts are micro-GRID unless they say credits (micro-CC).
 */
public sealed interface TxPayload {

    /**
     * The first entry of every log: creates the genesis supply, names the treasury and
     * coordinator, sets every parameter and starts the clock.
     */
    record Genesis(Address treasury, Address coordinator, NetworkParams params, long genesisTime,
            List<Allocation> allocations) implements TxPayload {
        public Genesis {
            if (allocations.size() > Limits.MAX_ALLOCATIONS) {
                throw new IllegalArgumentException("a genesis has at most " + Limits.MAX_ALLOCATIONS + " allocations");
            }
            allocations = List.copyOf(allocations);
        }
    }

    /**
     * GRID for an account at genesis; with a vesting period it is locked and released linearly
     * after the cliff, counted from the genesis time.
     */
    record Allocation(Address account, long amount, long cliffSeconds, long vestingSeconds) {
        public static Allocation liquid(Address account, long amount) {
            return new Allocation(account, amount, 0, 0);
        }

        public boolean vests() {
            return vestingSeconds > 0;
        }
    }

    /** Moves GRID from the signer to another account. */
    record Transfer(Address to, long amount) implements TxPayload {}

    /** The coordinator advances ledger time; time never goes back. */
    record Tick(long now) implements TxPayload {}

    /** An oracle reporter's observation of the GRID price, in micro-USD per GRID. */
    record ReportPrice(long price, long observedAt) implements TxPayload {}

    /** Burns the signer's GRID into the vault for credits at the oracle price less the spread; at most {@code maxGrid}. */
    record MintCredits(long credits, long maxGrid) implements TxPayload {}

    /** Turns the signer's credits back into GRID at the oracle price less the spread; at least {@code minGrid}. */
    record RefundCredits(long credits, long minGrid) implements TxPayload {}

    /** Releases what has vested of the signer's genesis grant into its balance. */
    record ClaimVested() implements TxPayload {}

    /** The signer becomes a provider, offering the hardware it discovered at its price. */
    record RegisterProvider(HardwareOffer offer) implements TxPayload {}

    /** A provider bonds more of its GRID as stake. */
    record BondProviderStake(long amount) implements TxPayload {}

    /** The signer registers as a checker operator. */
    record RegisterChecker() implements TxPayload {}

    /** Bonds the signer's GRID to a checker (its own included). */
    record Delegate(Address checker, long amount) implements TxPayload {}

    /** Starts unbonding provider stake ({@code checker} empty) or stake delegated to a checker. */
    record Unbond(Optional<Address> checker, long amount) implements TxPayload {}

    /** Returns unbonded stake to its owner once its unbonding period is over. */
    record Withdraw(Hash unbondingId) implements TxPayload {}

    /**
     * Claims the signer's provider rewards, checker commission, and the GRID and partner-token
     * rewards of its delegations to these checkers.
     */
    record ClaimRewards(List<Address> delegatedTo) implements TxPayload {
        public static final int MAX_CHECKERS = 32;

        public ClaimRewards {
            if (delegatedTo.size() > MAX_CHECKERS) {
                throw new IllegalArgumentException("a claim names at most " + MAX_CHECKERS + " checkers");
            }
            delegatedTo = List.copyOf(delegatedTo);
        }
    }

    /** A tenant orders a job and locks its escrow of credits; the job id is this transaction's hash. */
    record SubmitJob(JobSpec spec, long escrow) implements TxPayload {}

    /** The tenant adds credits to a job's escrow. */
    record TopUpEscrow(Hash jobId, long credits) implements TxPayload {}

    /** The coordinator leases a queued job to a provider. */
    record AssignLease(Hash jobId, Address provider) implements TxPayload {}

    /**
     * The coordinator places a gang's vacant seats, all of them at once or none: every seat when the gang
     * is queued, a lost member's seat while the others run on. Each seat is leased at its provider's offer price.
     */
    record AssignGang(Hash jobId, List<Seat> seats) implements TxPayload {
        public AssignGang {
            seats = List.copyOf(seats);
            if (seats.isEmpty() || seats.size() > JobSpec.MAX_NODES) {
                throw new IllegalArgumentException("a gang assignment fills 1.." + JobSpec.MAX_NODES + " seats");
            }
            for (int i = 1; i < seats.size(); i++) {
                if (seats.get(i).member() <= seats.get(i - 1).member()) {
                    throw new IllegalArgumentException("a gang assignment names its seats once each, in index order");
                }
            }
        }
    }

    /** One seat of a gang ({@code member} 0..nodes-1) and the provider that takes it. */
    record Seat(int member, Address provider) {
        public Seat {
            if (member < 0 || member >= JobSpec.MAX_NODES) {
                throw new IllegalArgumentException("a seat is 0.." + (JobSpec.MAX_NODES - 1));
            }
        }
    }

    /**
     * The coordinator leases a job put to auction to the provider whose bid won, at the bid's price
     * rather than the offer's: at most the job's maximum and the offer's own price, so a bid can
     * only undercut what the provider posted. The winning bid itself is in the log before it.
     */
    record AwardBid(Hash jobId, Address provider, long pricePerDeviceHour) implements TxPayload {}

    /**
     * The coordinator takes a lease back (its provider was lost); the job queues again or fails.
     * Billing stops at {@code downSince}, the last time the provider was seen, and what was billed
     * after it is refunded to the job from the provider's stake.
     */
    record ReleaseLease(Hash jobId, int attempt, String reason, long downSince) implements TxPayload {}

    /** The leased provider reports the compute time used so far; receipts only ever grow. */
    record UsageReceipt(Hash jobId, int attempt, long usageMillis) implements TxPayload {}

    /** The leased provider reports the job done, with the hash of what it produced; billing stops. */
    record CompleteJob(Hash jobId, int attempt, Hash resultHash) implements TxPayload {}

    /** The coordinator settles a completed job: the rest of the escrow goes back to the tenant. */
    record SettleJob(Hash jobId) implements TxPayload {}

    /**
     * The coordinator settles a batch of metered inference usage: each entry's credits move from the payer to the
     * serving provider, burned and paid out as a lease's billing is (protocol fee included). {@code batch} must be
     * the ledger's last settled batch + 1, so a batch is applied at most once even when it is signed again.
     * Entries are sorted by (payer, provider, model) with no repeats, so a batch has one encoding.
     */
    record SettleInference(long batch, List<InferenceCharge> entries) implements TxPayload {
        public static final int MAX_ENTRIES = 256;

        public SettleInference {
            if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
                throw new IllegalArgumentException("a batch has 1.." + MAX_ENTRIES + " entries, got " + entries.size());
            }
            entries = List.copyOf(entries);
        }
    }

    /**
     * What one payer drew from one provider's model: tokens in and out, and the micro-CC they cost.
     * {@code model} is the served model's id (at most {@link #MAX_MODEL_BYTES} bytes of UTF-8).
     */
    record InferenceCharge(Address payer, Address provider, String model, long promptTokens, long completionTokens, long credits) {
        public static final int MAX_MODEL_BYTES = 64;
        /** The most one entry may charge: a million CC. */
        public static final long MAX_CREDITS = 1_000_000_000_000L;
        /** The most tokens one entry may count, in and out alike. */
        public static final long MAX_TOKENS = 1_000_000_000_000L;
    }

    /** The tenant withdraws a job that no provider holds, and gets the escrow back. */
    record CancelJob(Hash jobId) implements TxPayload {}

    /**
     * The tenant of a job put to auction picks the bid of {@code provider}. The bids live in the
     * coordinator's order book, not in the ledger; the coordinator refuses an accept for a bid it
     * does not hold before it reaches the log, and then leases the job to that provider.
     */
    record AcceptBid(Hash jobId, Address provider) implements TxPayload {}

    /**
     * A provider's own bid, in micro-CC per device-hour, for a queued job put to auction; it
     * replaces the provider's auto-bid and any earlier bid of its own. Like {@code AcceptBid} it is
     * the signer's word in the log: the coordinator's book holds the bid and rebuilds it from the
     * log after a restart.
     */
    record PlaceBid(Hash jobId, long pricePerDeviceHour) implements TxPayload {}

    /**
     * The coordinator closes the open epoch once its time is over: settles every lease and
     * mints the epoch's emissions.
     */
    record CloseEpoch(long epoch) implements TxPayload {}

    /** A verdict: the coordinator slashes a provider for an offence, with the evidence's hash; the reporter gets a share. */
    record Slash(Address provider, Offence offence, Address reporter, Hash evidence) implements TxPayload {}

    /**
     * A checker's verdict on a provider in the open epoch ({@code round}): {@code score} 0..1000, 1000 passed and 0
     * a proven fault, with the hash of its evidence. Aggregated with the other checkers' verdicts when the epoch closes.
     */
    record SubmitVerdict(Address provider, long round, VerdictKind kind, int score, Hash evidence) implements TxPayload {
        public SubmitVerdict {
            Verdict.requireScore(score);
        }
    }

    /**
     * A partner streams {@code amount} units of its token to everyone with stake delegated to
     * checkers, pro rata, over {@code durationSeconds} (L20). The first pool of a symbol makes the
     * signer its issuer; only the issuer opens more.
     */
    record OpenPartnerPool(String token, long amount, long durationSeconds) implements TxPayload {
        public OpenPartnerPool {
            PartnerToken.requireSymbol(token);
        }
    }

    /** Moves partner-token units from the signer to another account. */
    record TransferPartnerToken(String token, Address to, long amount) implements TxPayload {
        public TransferPartnerToken {
            PartnerToken.requireSymbol(token);
        }
    }

    /** A council member proposes new parameters; the proposal counts as its approval. */
    record ProposeParams(NetworkParams params) implements TxPayload {}

    /** A council member approves an open proposal; at the threshold the parameters take effect. */
    record ApproveProposal(Hash proposalId) implements TxPayload {}
}
