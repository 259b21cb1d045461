package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The whole ledger at one height: an immutable value. Only the state transition makes a new
 * one, and the same log always makes the same one, down to the byte.
 *
 * @param height how many transactions have been applied
 * @param network empty until genesis
 * @param minted micro-GRID ever created
 * @param burned micro-GRID ever destroyed
 */
public record LedgerState(
        long height,
        Optional<NetworkConfig> network,
        SortedTable<Address, Account> accounts,
        SortedTable<Address, Provider> providers,
        SortedTable<Hash, Job> jobs,
        long minted,
        long burned) {

    private static final byte[] ROOT_DOMAIN = "gridmint/state/v2".getBytes(StandardCharsets.UTF_8);

    public static LedgerState empty() {
        return new LedgerState(0, Optional.empty(), SortedTable.empty(), SortedTable.empty(), SortedTable.empty(), 0, 0);
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

    public LedgerState withAccount(Address address, Account account) {
        return new LedgerState(height, network, accounts.with(address, account), providers, jobs, minted, burned);
    }

    public LedgerState withProvider(Provider provider) {
        return new LedgerState(height, network, accounts, providers.with(provider.address(), provider), jobs, minted, burned);
    }

    public LedgerState withJob(Job job) {
        return new LedgerState(height, network, accounts, providers, jobs.with(job.id(), job), minted, burned);
    }

    public LedgerState credit(Address address, long amount) {
        return withAccount(address, account(address).credit(amount));
    }

    public LedgerState debit(Address address, long amount) {
        return withAccount(address, account(address).debit(amount));
    }

    public LedgerState withGenesis(NetworkConfig config, long mintedAtGenesis) {
        return new LedgerState(height, Optional.of(config), accounts, providers, jobs, mintedAtGenesis, burned);
    }

    public LedgerState nextHeight() {
        return new LedgerState(height + 1, network, accounts, providers, jobs, minted, burned);
    }

    /** Tokens held anywhere: in balances and in the escrow of open jobs. */
    public long supplyHeld() {
        long held = 0;
        for (Account account : accounts.values()) {
            held = Math.addExact(held, account.balance());
        }
        for (Job job : jobs.values()) {
            if (job.status().holdsEscrow()) {
                held = Math.addExact(held, job.escrow());
            }
        }
        return held;
    }

    /** The ledger's central invariant: every token minted and not burned is held somewhere. */
    public boolean supplyConserved() {
        return Math.subtractExact(minted, burned) == supplyHeld();
    }

    /**
     * The state root: {@code SHA-256("gridmint/state/v2" ‖ scalars ‖ accountsRoot ‖ providersRoot
     * ‖ jobsRoot)}, where {@code scalars} are height, network (presence flag, id, treasury,
     * coordinator, params), minted and burned exactly as {@link StateCodec} writes them after its
     * magic and version, and each table root is {@link SortedTable#merkleRoot} of that table with
     * the entry encodings {@link StateCodec#ACCOUNT_ENTRY}, {@link StateCodec#PROVIDER_ENTRY} and
     * {@link StateCodec#JOB_ENTRY}. A pure function of the content; after one update only
     * O(log n) tree nodes are rehashed.
     */
    public Hash root() {
        var out = new ByteWriter();
        StateCodec.writeScalars(out, this);
        out.hash(accounts.merkleRoot(StateCodec.ACCOUNT_ENTRY));
        out.hash(providers.merkleRoot(StateCodec.PROVIDER_ENTRY));
        out.hash(jobs.merkleRoot(StateCodec.JOB_ENTRY));
        return Hash.sha256(ROOT_DOMAIN, out.toByteArray());
    }
}
