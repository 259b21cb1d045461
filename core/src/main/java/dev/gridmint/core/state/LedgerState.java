package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The whole ledger at one height: an immutable value. Only the state transition makes a new
 * one, and the same log always makes the same one, down to the byte.
 *
 * @param height how many transactions have been applied
 * @param network empty until genesis
 * @param supply running totals of where every token is
 * @param clock ledger time and the open epoch
 * @param verdicts the checkers' verdicts in the open epoch, cleared when it closes
 * @param verdictOutcomes what the last closed epoch's verdicts came to, per provider and kind
 * @param epochSeed the randomness of the open epoch: set at genesis from its transaction, then at every
 *     close from the last seed and the state; the verification layer derives its audit targets from it
 */
public record LedgerState(
        long height,
        Optional<NetworkConfig> network,
        Supply supply,
        EpochClock clock,
        SortedTable<Address, Account> accounts,
        SortedTable<Address, Provider> providers,
        SortedTable<Hash, Job> jobs,
        SortedTable<Address, Checker> checkers,
        SortedTable<DelegationKey, Delegation> delegations,
        SortedTable<Hash, Unbonding> unbondings,
        SortedTable<Address, VestingGrant> vesting,
        SortedTable<Address, PriceReport> prices,
        SortedTable<Hash, Proposal> proposals,
        SortedTable<Long, EpochSummary> epochs,
        SortedTable<String, PartnerToken> partnerTokens,
        SortedTable<Hash, PartnerPool> partnerPools,
        SortedTable<PartnerStakeKey, PartnerStake> partnerStakes,
        SortedTable<PartnerHolding, Long> partnerBalances,
        SortedTable<VerdictKey, Verdict> verdicts,
        SortedTable<VerdictSubject, VerdictOutcome> verdictOutcomes,
        Hash epochSeed) {

    private static final byte[] ROOT_DOMAIN = "gridmint/state/v4".getBytes(StandardCharsets.UTF_8);

    /** The seed before genesis gives the ledger its own. */
    private static final Hash NO_SEED = new Hash(new byte[Hash.LENGTH]);

    public static LedgerState empty() {
        return new LedgerState(0, Optional.empty(), Supply.EMPTY, EpochClock.startingAt(0), SortedTable.empty(),
                SortedTable.empty(), SortedTable.empty(), SortedTable.empty(), SortedTable.empty(), SortedTable.empty(),
                SortedTable.empty(), SortedTable.empty(), SortedTable.empty(), SortedTable.empty(), SortedTable.empty(),
                SortedTable.empty(), SortedTable.empty(), SortedTable.empty(),
                SortedTable.empty(), SortedTable.empty(), NO_SEED);
    }

    public Account account(Address address) {
        return accounts.get(address).orElse(Account.EMPTY);
    }

    public Optional<Provider> provider(Address address) {
        return providers.get(address);
    }

    public Optional<Job> job(Hash id) {
        return jobs.get(id);
    }

    public Optional<Checker> checker(Address operator) {
        return checkers.get(operator);
    }

    public Optional<Delegation> delegation(Address checker, Address delegator) {
        return delegations.get(new DelegationKey(checker, delegator));
    }

    /** A provider's reputation, 0..1000; empty for an unknown provider. */
    public OptionalInt reputation(Address provider) {
        return providers.get(provider).map(p -> OptionalInt.of(p.reputation())).orElse(OptionalInt.empty());
    }

    public long now() {
        return clock.now();
    }

    public LedgerState withAccount(Address address, Account account) {
        return new LedgerState(height, network, supply, clock, accounts.with(address, account), providers, jobs,
                checkers, delegations, unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withProvider(Provider provider) {
        return new LedgerState(height, network, supply, clock, accounts, providers.with(provider.address(), provider),
                jobs, checkers, delegations, unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withJob(Job job) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs.with(job.id(), job),
                checkers, delegations, unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withChecker(Checker checker) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs,
                checkers.with(checker.operator(), checker), delegations, unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withDelegation(DelegationKey key, Delegation delegation) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers,
                delegations.with(key, delegation), unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withUnbonding(Unbonding unbonding) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings.with(unbonding.id(), unbonding), vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withoutUnbonding(Hash id) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings.without(id), vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withVesting(Address address, VestingGrant grant) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting.with(address, grant), prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withPrice(Address reporter, PriceReport report) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices.with(reporter, report), proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withProposal(Proposal proposal) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals.with(proposal.id(), proposal), epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withEpochSummary(EpochSummary summary) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs.with(summary.epoch(), summary), partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withPartnerToken(PartnerToken token) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens.with(token.symbol(), token), partnerPools,
                partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withPartnerPool(PartnerPool pool) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools.with(pool.id(), pool),
                partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withoutPartnerPool(Hash id) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools.without(id), partnerStakes,
                partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withPartnerStake(PartnerStakeKey key, PartnerStake stake) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes.with(key, stake),
                partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withoutPartnerStake(PartnerStakeKey key) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes.without(key),
                partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    /** Units of a partner token an account holds. */
    public long partnerBalance(String token, Address owner) {
        return partnerBalances.get(new PartnerHolding(token, owner)).orElse(0L);
    }

    /** Sets a partner balance; a zero balance is removed, so equal holdings give equal states. */
    public LedgerState withPartnerBalance(String token, Address owner, long units) {
        var key = new PartnerHolding(token, owner);
        var balances = units == 0 ? partnerBalances.without(key) : partnerBalances.with(key, units);
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, balances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withSupply(Supply newSupply) {
        return new LedgerState(height, network, newSupply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withClock(EpochClock newClock) {
        return new LedgerState(height, network, supply, newClock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withNetwork(NetworkConfig config) {
        return new LedgerState(height, Optional.of(config), supply, clock, accounts, providers, jobs, checkers,
                delegations, unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withVerdict(VerdictKey key, Verdict verdict) {
        return withVerdicts(verdicts.with(key, verdict));
    }

    /** The open round's verdicts replaced, as when an epoch closes. */
    public LedgerState withVerdicts(SortedTable<VerdictKey, Verdict> newVerdicts) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                newVerdicts, verdictOutcomes, epochSeed);
    }

    public LedgerState withVerdictOutcomes(SortedTable<VerdictSubject, VerdictOutcome> outcomes) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, outcomes, epochSeed);
    }

    public LedgerState withEpochSeed(Hash seed) {
        return new LedgerState(height, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, seed);
    }

    public LedgerState credit(Address address, long amount) {
        return withAccount(address, account(address).credit(amount));
    }

    public LedgerState debit(Address address, long amount) {
        return withAccount(address, account(address).debit(amount));
    }

    public LedgerState nextHeight() {
        return new LedgerState(height + 1, network, supply, clock, accounts, providers, jobs, checkers, delegations,
                unbondings, vesting, prices, proposals, epochs, partnerTokens, partnerPools, partnerStakes, partnerBalances,
                verdicts, verdictOutcomes, epochSeed);
    }

    /**
     * The state root: {@code SHA-256("gridmint/state/v4" ‖ scalars ‖ table roots)}, where
     * {@code scalars} are written by {@link StateCodec#writeScalars} and each table root is
     * {@link SortedTable#merkleRoot} of that table with its entry encoding from {@link StateCodec}.
     * A pure function of the content; after one update only O(log n) tree nodes are rehashed.
     */
    public Hash root() {
        var out = new ByteWriter();
        StateCodec.writeScalars(out, this);
        out.hash(accounts.merkleRoot(StateCodec.ACCOUNT_ENTRY));
        out.hash(providers.merkleRoot(StateCodec.PROVIDER_ENTRY));
        out.hash(jobs.merkleRoot(StateCodec.JOB_ENTRY));
        out.hash(checkers.merkleRoot(StateCodec.CHECKER_ENTRY));
        out.hash(delegations.merkleRoot(StateCodec.DELEGATION_ENTRY));
        out.hash(unbondings.merkleRoot(StateCodec.UNBONDING_ENTRY));
        out.hash(vesting.merkleRoot(StateCodec.VESTING_ENTRY));
        out.hash(prices.merkleRoot(StateCodec.PRICE_ENTRY));
        out.hash(proposals.merkleRoot(StateCodec.PROPOSAL_ENTRY));
        out.hash(epochs.merkleRoot(StateCodec.EPOCH_ENTRY));
        out.hash(partnerTokens.merkleRoot(StateCodec.PARTNER_TOKEN_ENTRY));
        out.hash(partnerPools.merkleRoot(StateCodec.PARTNER_POOL_ENTRY));
        out.hash(partnerStakes.merkleRoot(StateCodec.PARTNER_STAKE_ENTRY));
        out.hash(partnerBalances.merkleRoot(StateCodec.PARTNER_BALANCE_ENTRY));
        out.hash(verdicts.merkleRoot(StateCodec.VERDICT_ENTRY));
        out.hash(verdictOutcomes.merkleRoot(StateCodec.VERDICT_OUTCOME_ENTRY));
        return Hash.sha256(ROOT_DOMAIN, out.toByteArray());
    }
}
