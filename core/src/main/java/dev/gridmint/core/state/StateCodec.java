package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteReader;
import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.Arrays;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The canonical encoding of a whole {@link LedgerState}: the body of a snapshot. Tables are
 * written in key order, so equal states encode identically. The per-entry encodings
 * ({@link #ACCOUNT_ENTRY}, {@link #PROVIDER_ENTRY}, {@link #JOB_ENTRY}) and the scalar fields are
 * also the leaves and header of the incremental state root, see {@link LedgerState#root()}.
 */
public final class StateCodec {

    private static final int MAGIC = 0x474d5354; // "GMST"
    private static final int VERSION = 1;
    private static final int MAX_ENTRIES = 100_000_000;

    private StateCodec() {}

    /** An account entry: address, balance, nonce. Shared by the snapshot and the accounts' Merkle root. */
    public static final SortedTable.EntryEncoder<Address, Account> ACCOUNT_ENTRY =
            (out, address, account) -> out.address(address).i64(account.balance()).i64(account.nonce());

    /** A provider entry: address, offer, height registered at. */
    public static final SortedTable.EntryEncoder<Address, Provider> PROVIDER_ENTRY = (out, address, provider) -> {
        out.address(address);
        ValueCodec.write(out, provider.offer());
        out.i64(provider.registeredAtHeight());
    };

    /** A job entry: the whole job, starting with its id. */
    public static final SortedTable.EntryEncoder<Hash, Job> JOB_ENTRY = (out, id, job) -> writeJob(out, job);

    public static byte[] encode(LedgerState state) {
        var out = new ByteWriter().i32(MAGIC).u8(VERSION);
        writeScalars(out, state);
        writeTable(out, state.accounts(), ACCOUNT_ENTRY);
        writeTable(out, state.providers(), PROVIDER_ENTRY);
        writeTable(out, state.jobs(), JOB_ENTRY);
        return out.toByteArray();
    }

    /**
     * The state's scalar fields as the snapshot writes them after magic and version: height, the
     * network (a presence flag, then id, treasury, coordinator, params), minted, burned. Also part
     * of the preimage of {@link LedgerState#root()}.
     */
    static void writeScalars(ByteWriter out, LedgerState state) {
        out.i64(state.height());
        out.bool(state.network().isPresent());
        state.network().ifPresent(network -> {
            out.text(network.networkId()).address(network.treasury()).address(network.coordinator());
            ValueCodec.write(out, network.params());
        });
        out.i64(state.minted()).i64(state.burned());
    }

    private static <K extends Comparable<K>, V> void writeTable(ByteWriter out, SortedTable<K, V> table,
            SortedTable.EntryEncoder<K, V> encoder) {
        out.i32(table.size());
        table.forEach((key, value) -> encoder.write(out, key, value));
    }

    public static LedgerState decode(byte[] bytes) {
        var in = new ByteReader(bytes);
        if (in.i32() != MAGIC) {
            throw new DecodeException("not a Gridmint state encoding");
        }
        int version = in.u8();
        if (version != VERSION) {
            throw new DecodeException("state encoding version " + version + " is not supported");
        }
        long height = in.u63("height");
        Optional<NetworkConfig> network = in.bool()
                ? Optional.of(new NetworkConfig(in.text(Limits.MAX_NETWORK_ID_BYTES), in.address(), in.address(),
                        ValueCodec.readParams(in)))
                : Optional.empty();
        long minted = in.u63("minted");
        long burned = in.u63("burned");
        var accounts = new TreeMap<Address, Account>();
        int accountCount = in.count(MAX_ENTRIES, "account");
        for (int i = 0; i < accountCount; i++) {
            Address address = in.address();
            long balance = in.i64();
            long nonce = in.i64();
            accounts.put(address, ValueCodec.valid(() -> new Account(balance, nonce)));
        }
        var providers = new TreeMap<Address, Provider>();
        int providerCount = in.count(MAX_ENTRIES, "provider");
        for (int i = 0; i < providerCount; i++) {
            Address address = in.address();
            providers.put(address, new Provider(address, ValueCodec.readOffer(in), in.u63("registered at")));
        }
        var jobs = new TreeMap<Hash, Job>();
        int jobCount = in.count(MAX_ENTRIES, "job");
        for (int i = 0; i < jobCount; i++) {
            Job job = readJob(in);
            jobs.put(job.id(), job);
        }
        in.expectEnd();
        var state = new LedgerState(height, network, SortedTable.copyOf(accounts), SortedTable.copyOf(providers),
                SortedTable.copyOf(jobs), minted, burned);
        // Tables out of key order, or with a key twice (the later entry would silently win),
        // decode to a state whose root is not the hash of these bytes: refuse them.
        if (!Arrays.equals(encode(state), bytes)) {
            throw new DecodeException("the state is not in canonical encoding");
        }
        return state;
    }

    private static void writeJob(ByteWriter out, Job job) {
        out.hash(job.id()).address(job.tenant());
        ValueCodec.write(out, job.spec());
        out.i64(job.escrow()).u8(job.status().ordinal()).i32(job.attempts());
        out.bool(job.lease().isPresent());
        job.lease().ifPresent(lease -> out.address(lease.provider()).i32(lease.attempt())
                .i64(lease.pricePerDeviceHour()).i64(lease.assignedAtHeight()));
        out.i64(job.usageMillis());
        out.bool(job.resultHash().isPresent());
        job.resultHash().ifPresent(out::hash);
        out.bool(job.settlement().isPresent());
        job.settlement().ifPresent(s -> out.i64(s.charged()).i64(s.providerPaid()).i64(s.fee()).i64(s.refunded()));
        out.i64(job.submittedAtHeight());
    }

    private static Job readJob(ByteReader in) {
        Hash id = in.hash();
        Address tenant = in.address();
        JobSpec spec = ValueCodec.readSpec(in);
        long escrow = in.u63("escrow");
        JobStatus status = jobStatus(in.u8());
        int attempts = in.i32();
        Optional<Lease> lease = in.bool()
                ? Optional.of(new Lease(in.address(), in.i32(), in.i64(), in.i64()))
                : Optional.empty();
        long usage = in.u63("usage");
        Optional<Hash> result = in.bool() ? Optional.of(in.hash()) : Optional.empty();
        Optional<Settlement> settlement = in.bool()
                ? Optional.of(new Settlement(in.i64(), in.i64(), in.i64(), in.i64()))
                : Optional.empty();
        long submittedAt = in.u63("submitted at");
        return new Job(id, tenant, spec, escrow, status, attempts, lease, usage, result, settlement, submittedAt);
    }

    private static JobStatus jobStatus(int ordinal) {
        JobStatus[] statuses = JobStatus.values();
        if (ordinal >= statuses.length) {
            throw new DecodeException("unknown job status " + ordinal);
        }
        return statuses[ordinal];
    }
}
