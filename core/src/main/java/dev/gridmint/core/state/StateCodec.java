package dev.gridmint.core.state;

import dev.gridmint.core.codec.ByteReader;
import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The canonical encoding of a whole {@link LedgerState}: the body of a snapshot. Tables are
 * written in key order, so equal states encode identically. The per-entry encodings (the
 * {@code *_ENTRY} constants) and the scalar fields are also the leaves and header of the
 * incremental state root, see {@link LedgerState#root()}.
 */
public final class StateCodec {

    private static final int MAGIC = 0x474d5354; // "GMST"
    private static final int VERSION = 4;
    private static final int MAX_ENTRIES = 100_000_000;

    private StateCodec() {}

    /** Reads one entry as its encoder wrote it. */
    private interface EntryDecoder<K, V> {
        Map.Entry<K, V> read(ByteReader in);
    }

    public static final SortedTable.EntryEncoder<Address, Account> ACCOUNT_ENTRY = (out, address, account) ->
            out.address(address).i64(account.balance()).i64(account.credits()).i64(account.nonce());

    public static final SortedTable.EntryEncoder<Address, Provider> PROVIDER_ENTRY = (out, address, provider) -> {
        out.address(address);
        ValueCodec.write(out, provider.offer());
        out.i64(provider.registeredAtHeight()).i64(provider.registeredAt()).i64(provider.bonded())
                .i64(provider.unclaimed()).i64(provider.epochWork()).i64(provider.lastEpochReward()).i32(provider.reputation());
    };

    public static final SortedTable.EntryEncoder<Hash, Job> JOB_ENTRY = (out, id, job) -> writeJob(out, job);

    public static final SortedTable.EntryEncoder<Address, Checker> CHECKER_ENTRY = (out, operator, checker) -> {
        out.address(operator).i64(checker.registeredAt()).i64(checker.delegated());
        ValueCodec.write(out, checker.rewardPerShare());
        out.i64(checker.commission());
    };

    public static final SortedTable.EntryEncoder<DelegationKey, Delegation> DELEGATION_ENTRY = (out, key, delegation) -> {
        out.address(key.checker()).address(key.delegator()).i64(delegation.amount());
        ValueCodec.write(out, delegation.rewardIndexAtEntry());
        out.i64(delegation.accrued());
    };

    public static final SortedTable.EntryEncoder<Hash, Unbonding> UNBONDING_ENTRY = (out, id, unbonding) ->
            out.hash(id).address(unbonding.owner()).address(unbonding.source()).bool(unbonding.fromProvider())
                    .i64(unbonding.amount()).i64(unbonding.releaseAt());

    public static final SortedTable.EntryEncoder<Address, VestingGrant> VESTING_ENTRY = (out, address, grant) ->
            out.address(address).i64(grant.total()).i64(grant.released()).i64(grant.cliffSeconds())
                    .i64(grant.durationSeconds());

    public static final SortedTable.EntryEncoder<Address, PriceReport> PRICE_ENTRY = (out, reporter, report) ->
            out.address(reporter).i64(report.price()).i64(report.observedAt());

    public static final SortedTable.EntryEncoder<Hash, Proposal> PROPOSAL_ENTRY = (out, id, proposal) -> {
        out.hash(id);
        ValueCodec.write(out, proposal.params());
        ValueCodec.writeAddresses(out, proposal.approvals());
        out.i64(proposal.expiresAt()).bool(proposal.executed());
    };

    public static final SortedTable.EntryEncoder<Long, EpochSummary> EPOCH_ENTRY = (out, epoch, s) ->
            out.i64(epoch).i64(s.closedAt()).i64(s.providerEmission()).i64(s.workRewards())
                    .i64(s.availabilityRewards()).i64(s.checkerEmission()).i64(s.burn()).i64(s.netEmission())
                    .i64(s.permanentlyBurned()).i64(s.price());

    public static final SortedTable.EntryEncoder<String, PartnerToken> PARTNER_TOKEN_ENTRY = (out, symbol, token) ->
            out.text(symbol).address(token.issuer()).i64(token.issued());

    public static final SortedTable.EntryEncoder<Hash, PartnerPool> PARTNER_POOL_ENTRY = (out, id, pool) -> {
        out.hash(id).text(pool.token()).address(pool.sponsor()).i64(pool.amount()).i64(pool.startAt()).i64(pool.endAt())
                .i64(pool.accruedTo());
        ValueCodec.write(out, pool.rewardPerShare());
        out.i64(pool.distributed()).i64(pool.claimed()).i64(pool.returned());
    };

    public static final SortedTable.EntryEncoder<PartnerStakeKey, PartnerStake> PARTNER_STAKE_ENTRY = (out, key, stake) -> {
        out.hash(key.pool()).address(key.delegation().checker()).address(key.delegation().delegator());
        ValueCodec.write(out, stake.rewardIndexAtEntry());
        out.i64(stake.accrued());
    };

    public static final SortedTable.EntryEncoder<PartnerHolding, Long> PARTNER_BALANCE_ENTRY = (out, holding, units) ->
            out.text(holding.token()).address(holding.owner()).i64(units);

    public static final SortedTable.EntryEncoder<VerdictKey, Verdict> VERDICT_ENTRY = (out, key, verdict) ->
            out.address(key.subject().provider()).u8(key.subject().kind().ordinal()).address(key.checker())
                    .i32(verdict.score()).hash(verdict.evidence());

    public static final SortedTable.EntryEncoder<VerdictSubject, VerdictOutcome> VERDICT_OUTCOME_ENTRY =
            (out, subject, outcome) -> out.address(subject.provider()).u8(subject.kind().ordinal())
                    .i32(outcome.consensus()).i64(outcome.slashed());

    private static final EntryDecoder<Address, Account> ACCOUNT_READER = in -> {
        Address address = in.address();
        long balance = in.i64();
        long credits = in.i64();
        long nonce = in.i64();
        return Map.entry(address, ValueCodec.valid(() -> new Account(balance, credits, nonce)));
    };

    private static final EntryDecoder<Address, Provider> PROVIDER_READER = in -> {
        Address address = in.address();
        HardwareOffer offer = ValueCodec.readOffer(in);
        long height = in.u63("registered at height");
        long registeredAt = in.u63("registered at");
        long bonded = in.i64();
        long unclaimed = in.i64();
        long work = in.i64();
        long lastReward = in.i64();
        int reputation = in.i32();
        return Map.entry(address, ValueCodec.valid(
                () -> new Provider(address, offer, height, registeredAt, bonded, unclaimed, work, lastReward, reputation)));
    };

    private static final EntryDecoder<Hash, Job> JOB_READER = in -> {
        Job job = readJob(in);
        return Map.entry(job.id(), job);
    };

    private static final EntryDecoder<Address, Checker> CHECKER_READER = in -> {
        Address operator = in.address();
        long registeredAt = in.u63("registered at");
        long delegated = in.i64();
        var index = ValueCodec.readBigInteger(in);
        long commission = in.i64();
        return Map.entry(operator, ValueCodec.valid(() -> new Checker(operator, registeredAt, delegated, index, commission)));
    };

    private static final EntryDecoder<DelegationKey, Delegation> DELEGATION_READER = in -> {
        var key = new DelegationKey(in.address(), in.address());
        long amount = in.i64();
        var index = ValueCodec.readBigInteger(in);
        long accrued = in.i64();
        return Map.entry(key, ValueCodec.valid(() -> new Delegation(amount, index, accrued)));
    };

    private static final EntryDecoder<Hash, Unbonding> UNBONDING_READER = in -> {
        Hash id = in.hash();
        Address owner = in.address();
        Address source = in.address();
        boolean fromProvider = in.bool();
        long amount = in.i64();
        long releaseAt = in.u63("release at");
        return Map.entry(id, ValueCodec.valid(() -> new Unbonding(id, owner, source, fromProvider, amount, releaseAt)));
    };

    private static final EntryDecoder<Address, VestingGrant> VESTING_READER = in -> {
        Address address = in.address();
        long total = in.i64();
        long released = in.i64();
        long cliff = in.i64();
        long duration = in.i64();
        return Map.entry(address, ValueCodec.valid(() -> new VestingGrant(total, released, cliff, duration)));
    };

    private static final EntryDecoder<Address, PriceReport> PRICE_READER = in -> {
        Address reporter = in.address();
        long price = in.i64();
        long observedAt = in.i64();
        return Map.entry(reporter, ValueCodec.valid(() -> new PriceReport(price, observedAt)));
    };

    private static final EntryDecoder<Hash, Proposal> PROPOSAL_READER = in -> {
        Hash id = in.hash();
        var params = ValueCodec.readParams(in);
        var approvals = ValueCodec.readAddresses(in, dev.gridmint.core.params.GovernanceParams.MAX_COUNCIL, "approval");
        long expiresAt = in.u63("expires at");
        boolean executed = in.bool();
        return Map.entry(id, new Proposal(id, params, approvals, expiresAt, executed));
    };

    private static final EntryDecoder<Long, EpochSummary> EPOCH_READER = in -> {
        long epoch = in.u63("epoch");
        var summary = new EpochSummary(epoch, in.u63("closed at"), in.u63("provider emission"), in.u63("work rewards"),
                in.u63("availability rewards"), in.u63("checker emission"), in.u63("burn"), in.u63("net emission"),
                in.u63("permanently burned"), in.u63("price"));
        return Map.entry(epoch, summary);
    };

    private static final EntryDecoder<String, PartnerToken> PARTNER_TOKEN_READER = in -> {
        String symbol = in.text(PartnerToken.MAX_SYMBOL_LENGTH);
        Address issuer = in.address();
        long issued = in.i64();
        return Map.entry(symbol, ValueCodec.valid(() -> new PartnerToken(symbol, issuer, issued)));
    };

    private static final EntryDecoder<Hash, PartnerPool> PARTNER_POOL_READER = in -> {
        Hash id = in.hash();
        String token = in.text(PartnerToken.MAX_SYMBOL_LENGTH);
        Address sponsor = in.address();
        long amount = in.i64();
        long startAt = in.i64();
        long endAt = in.i64();
        long accruedTo = in.i64();
        var index = ValueCodec.readBigInteger(in);
        long distributed = in.i64();
        long claimed = in.i64();
        long returned = in.i64();
        return Map.entry(id, ValueCodec.valid(() -> new PartnerPool(id, token, sponsor, amount, startAt, endAt, accruedTo,
                index, distributed, claimed, returned)));
    };

    private static final EntryDecoder<PartnerStakeKey, PartnerStake> PARTNER_STAKE_READER = in -> {
        var key = new PartnerStakeKey(in.hash(), new DelegationKey(in.address(), in.address()));
        var index = ValueCodec.readBigInteger(in);
        long accrued = in.i64();
        return Map.entry(key, ValueCodec.valid(() -> new PartnerStake(index, accrued)));
    };

    private static final EntryDecoder<PartnerHolding, Long> PARTNER_BALANCE_READER = in -> {
        String token = in.text(PartnerToken.MAX_SYMBOL_LENGTH);
        Address owner = in.address();
        long units = in.i64();
        if (units <= 0) {
            throw new DecodeException("a partner balance is positive; empty ones are not stored");
        }
        ValueCodec.valid(() -> {
            PartnerToken.requireSymbol(token);
            return token;
        });
        return Map.entry(new PartnerHolding(token, owner), units);
    };

    private static final EntryDecoder<VerdictKey, Verdict> VERDICT_READER = in -> {
        var key = new VerdictKey(new VerdictSubject(in.address(), ValueCodec.verdictKind(in.u8())), in.address());
        int score = in.i32();
        var evidence = in.hash();
        return Map.entry(key, ValueCodec.valid(() -> new Verdict(score, evidence)));
    };

    private static final EntryDecoder<VerdictSubject, VerdictOutcome> VERDICT_OUTCOME_READER = in -> {
        var subject = new VerdictSubject(in.address(), ValueCodec.verdictKind(in.u8()));
        int consensus = in.i32();
        long slashed = in.i64();
        return Map.entry(subject, ValueCodec.valid(() -> new VerdictOutcome(consensus, slashed)));
    };

    public static byte[] encode(LedgerState state) {
        var out = new ByteWriter().i32(MAGIC).u8(VERSION);
        writeScalars(out, state);
        writeTable(out, state.accounts(), ACCOUNT_ENTRY);
        writeTable(out, state.providers(), PROVIDER_ENTRY);
        writeTable(out, state.jobs(), JOB_ENTRY);
        writeTable(out, state.checkers(), CHECKER_ENTRY);
        writeTable(out, state.delegations(), DELEGATION_ENTRY);
        writeTable(out, state.unbondings(), UNBONDING_ENTRY);
        writeTable(out, state.vesting(), VESTING_ENTRY);
        writeTable(out, state.prices(), PRICE_ENTRY);
        writeTable(out, state.proposals(), PROPOSAL_ENTRY);
        writeTable(out, state.epochs(), EPOCH_ENTRY);
        writeTable(out, state.partnerTokens(), PARTNER_TOKEN_ENTRY);
        writeTable(out, state.partnerPools(), PARTNER_POOL_ENTRY);
        writeTable(out, state.partnerStakes(), PARTNER_STAKE_ENTRY);
        writeTable(out, state.partnerBalances(), PARTNER_BALANCE_ENTRY);
        writeTable(out, state.verdicts(), VERDICT_ENTRY);
        writeTable(out, state.verdictOutcomes(), VERDICT_OUTCOME_ENTRY);
        return out.toByteArray();
    }

    /**
     * The state's scalar fields as the snapshot writes them after magic and version: height, the
     * network (a presence flag, then id, treasury, coordinator, params), the supply totals and the
     * clock, then the epoch seed. Also part of the preimage of {@link LedgerState#root()}.
     */
    static void writeScalars(ByteWriter out, LedgerState state) {
        out.i64(state.height());
        out.bool(state.network().isPresent());
        state.network().ifPresent(network -> out.fixed(networkBytes(network)));
        Supply s = state.supply();
        out.i64(s.minted()).i64(s.burned()).i64(s.vault()).i64(s.staked()).i64(s.rewardPool()).i64(s.vestingLocked())
                .i64(s.creditsMinted()).i64(s.creditsBurned()).i64(s.escrowed());
        EpochClock c = state.clock();
        out.i64(c.genesisTime()).i64(c.now()).i64(c.epoch()).i64(c.burnThisEpoch()).i64(c.burnLastEpoch())
                .i64(c.netEmissionTarget());
        out.hash(state.epochSeed());
    }

    /** The last network encoded, and its bytes: the root of every transaction needs them, and they rarely change. */
    private record EncodedNetwork(NetworkConfig network, byte[] bytes) {}

    private static volatile EncodedNetwork lastNetwork;

    private static byte[] networkBytes(NetworkConfig network) {
        EncodedNetwork last = lastNetwork;
        if (last != null && last.network() == network) {
            return last.bytes();
        }
        var out = new ByteWriter();
        out.text(network.networkId()).address(network.treasury()).address(network.coordinator());
        ValueCodec.write(out, network.params());
        byte[] bytes = out.toByteArray();
        lastNetwork = new EncodedNetwork(network, bytes);
        return bytes;
    }

    private static <K extends Comparable<K>, V> void writeTable(ByteWriter out, SortedTable<K, V> table,
            SortedTable.EntryEncoder<K, V> encoder) {
        out.i32(table.size());
        table.forEach((key, value) -> encoder.write(out, key, value));
    }

    private static <K extends Comparable<K>, V> SortedTable<K, V> readTable(ByteReader in, String what,
            EntryDecoder<K, V> decoder) {
        var entries = new TreeMap<K, V>();
        int count = in.count(MAX_ENTRIES, what);
        for (int i = 0; i < count; i++) {
            var entry = decoder.read(in);
            entries.put(entry.getKey(), entry.getValue());
        }
        return SortedTable.copyOf(entries);
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
        long[] s = new long[9];
        for (int i = 0; i < s.length; i++) {
            s[i] = in.i64();
        }
        Supply supply = ValueCodec.valid(() -> new Supply(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]));
        long[] c = new long[6];
        for (int i = 0; i < c.length; i++) {
            c[i] = in.i64();
        }
        EpochClock clock = ValueCodec.valid(() -> new EpochClock(c[0], c[1], c[2], c[3], c[4], c[5]));
        Hash epochSeed = in.hash();
        var state = new LedgerState(height, network, supply, clock,
                readTable(in, "account", ACCOUNT_READER),
                readTable(in, "provider", PROVIDER_READER),
                readTable(in, "job", JOB_READER),
                readTable(in, "checker", CHECKER_READER),
                readTable(in, "delegation", DELEGATION_READER),
                readTable(in, "unbonding", UNBONDING_READER),
                readTable(in, "vesting grant", VESTING_READER),
                readTable(in, "price report", PRICE_READER),
                readTable(in, "proposal", PROPOSAL_READER),
                readTable(in, "epoch", EPOCH_READER),
                readTable(in, "partner token", PARTNER_TOKEN_READER),
                readTable(in, "partner pool", PARTNER_POOL_READER),
                readTable(in, "partner stake", PARTNER_STAKE_READER),
                readTable(in, "partner balance", PARTNER_BALANCE_READER),
                readTable(in, "verdict", VERDICT_READER),
                readTable(in, "verdict outcome", VERDICT_OUTCOME_READER),
                epochSeed);
        in.expectEnd();
        // Tables out of key order, or with a key twice (the later entry would silently win),
        // decode to a state whose root is not the hash of these bytes: refuse them.
        if (!Arrays.equals(encode(state), bytes)) {
            throw new DecodeException("the state is not in canonical encoding");
        }
        return state;
    }

    /** Set in a job's status byte when its requirements follow. */
    private static final int REQUIREMENTS_FOLLOW = 0x80;
    /** Set with {@link #REQUIREMENTS_FOLLOW} when the requirements' minimums follow them. */
    private static final int MINIMUMS_FOLLOW = 0x40;
    /** Set when the job is a gang: its node count and seats follow the requirements. */
    private static final int GANG_FOLLOWS = 0x20;

    private static void writeJob(ByteWriter out, Job job) {
        out.hash(job.id()).address(job.tenant());
        ValueCodec.write(out, job.spec());
        // The status byte's high bits say requirements (and their minimums) follow it, so a job without
        // them encodes (and hashes into the state root) exactly as before they existed.
        JobRequirements requirements = job.spec().requirements();
        int flags = requirements.isNone() ? 0 : REQUIREMENTS_FOLLOW | (requirements.hasMinimums() ? MINIMUMS_FOLLOW : 0);
        flags |= job.spec().isGang() ? GANG_FOLLOWS : 0;
        out.i64(job.escrow()).i64(job.deposited()).i64(job.charged()).i64(job.fees()).u8(job.status().ordinal() | flags);
        if (!requirements.isNone()) {
            ValueCodec.write(out, requirements);
        }
        if (requirements.hasMinimums()) {
            ValueCodec.writeMinimums(out, requirements);
        }
        if (job.spec().isGang()) {
            out.i32(job.spec().nodes());
            for (GangMember seat : job.members()) {
                out.i32(seat.leases());
                writeOptionalLease(out, seat.lease());
                out.i64(seat.usageMillis());
                out.bool(seat.resultHash().isPresent());
                seat.resultHash().ifPresent(out::hash);
            }
        }
        out.i32(job.attempts());
        writeOptionalLease(out, job.lease());
        out.i64(job.usageMillis());
        out.bool(job.resultHash().isPresent());
        job.resultHash().ifPresent(out::hash);
        out.bool(job.settlement().isPresent());
        job.settlement().ifPresent(s -> out.i64(s.charged()).i64(s.providerPaid()).i64(s.fee()).i64(s.refunded())
                .i64(s.unsettled()));
        out.i64(job.submittedAtHeight());
    }

    private static void writeOptionalLease(ByteWriter out, Optional<Lease> lease) {
        out.bool(lease.isPresent());
        lease.ifPresent(l -> out.address(l.provider()).i32(l.attempt()).i64(l.pricePerDeviceHour()).i64(l.assignedAtHeight())
                .i64(l.startedAt()).i64(l.settledAt()).i64(l.billed()));
    }

    private static Job readJob(ByteReader in) {
        Hash id = in.hash();
        Address tenant = in.address();
        JobSpec read = ValueCodec.readSpec(in);
        long escrow = in.i64();
        long deposited = in.i64();
        long charged = in.i64();
        long fees = in.i64();
        int statusByte = in.u8();
        JobStatus status = jobStatus(statusByte & ~(REQUIREMENTS_FOLLOW | MINIMUMS_FOLLOW | GANG_FOLLOWS));
        JobSpec plain = switch (statusByte & (REQUIREMENTS_FOLLOW | MINIMUMS_FOLLOW)) {
            case 0 -> read;
            case REQUIREMENTS_FOLLOW -> ValueCodec.valid(() -> read.withRequirements(ValueCodec.readRequirements(in, false)));
            case REQUIREMENTS_FOLLOW | MINIMUMS_FOLLOW ->
                    ValueCodec.valid(() -> read.withRequirements(ValueCodec.readRequirements(in, true)));
            default -> throw new DecodeException("a job's minimums follow only its requirements");
        };
        List<GangMember> seats = new ArrayList<>();
        JobSpec spec = plain;
        if ((statusByte & GANG_FOLLOWS) != 0) {
            int nodes = in.i32();
            if (nodes < 2) {
                throw new DecodeException("a gang has at least 2 nodes, not " + nodes);
            }
            spec = ValueCodec.valid(() -> plain.withNodes(nodes));
            for (int i = 0; i < nodes; i++) {
                int index = i;
                int leases = in.i32();
                Optional<Lease> seatLease = in.bool() ? Optional.of(readLease(in)) : Optional.empty();
                long seatUsage = in.u63("usage");
                Optional<Hash> seatResult = in.bool() ? Optional.of(in.hash()) : Optional.empty();
                seats.add(ValueCodec.valid(() -> new GangMember(index, leases, seatLease, seatUsage, seatResult)));
            }
        }
        JobSpec finalSpec = spec;
        int attempts = in.i32();
        Optional<Lease> lease = in.bool() ? Optional.of(readLease(in)) : Optional.empty();
        long usage = in.u63("usage");
        Optional<Hash> result = in.bool() ? Optional.of(in.hash()) : Optional.empty();
        Optional<Settlement> settlement = in.bool()
                ? Optional.of(new Settlement(in.i64(), in.i64(), in.i64(), in.i64(), in.i64()))
                : Optional.empty();
        long submittedAt = in.u63("submitted at");
        return ValueCodec.valid(() -> new Job(id, tenant, finalSpec, escrow, deposited, charged, fees, status, attempts, lease,
                usage, result, settlement, submittedAt, seats));
    }

    private static Lease readLease(ByteReader in) {
        Address provider = in.address();
        int attempt = in.i32();
        long price = in.i64();
        long height = in.i64();
        long startedAt = in.i64();
        long settledAt = in.i64();
        long billed = in.i64();
        return ValueCodec.valid(() -> new Lease(provider, attempt, price, height, startedAt, settledAt, billed));
    }

    private static JobStatus jobStatus(int ordinal) {
        return ValueCodec.constant(JobStatus.values(), ordinal, "job status");
    }
}
