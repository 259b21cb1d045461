package dev.gridmint.core.tx;

import dev.gridmint.core.codec.ByteReader;
import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.Limits;
import dev.gridmint.core.state.PartnerToken;
import dev.gridmint.core.state.ValueCodec;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.tx.TxPayload.*;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The wire and log format of transactions. Decoding is strict: bounded lengths, known tags,
 * valid field values, no trailing bytes, and only the one canonical encoding of each value is
 * accepted, so a transaction's hash is a true identity.
 */
public final class TxCodec {

    private static final int MAGIC = 0x474d5458; // "GMTX"
    private static final int VERSION = 1;
    public static final int MAX_TX_BYTES = Limits.MAX_PAYLOAD_BYTES + 256;

    private TxCodec() {}

    public static byte[] encode(SignedTx tx) {
        return new ByteWriter()
                .i32(MAGIC)
                .u8(VERSION)
                .text(tx.networkId())
                .address(tx.signer())
                .i64(tx.nonce())
                .bytes(encodePayload(tx.payload()))
                .fixed(tx.signature())
                .toByteArray();
    }

    public static SignedTx decode(byte[] bytes) {
        if (bytes.length > MAX_TX_BYTES) {
            throw new DecodeException("a transaction is at most " + MAX_TX_BYTES + " bytes, got " + bytes.length);
        }
        var in = new ByteReader(bytes);
        if (in.i32() != MAGIC) {
            throw new DecodeException("not a Gridmint transaction");
        }
        int version = in.u8();
        if (version != VERSION) {
            throw new DecodeException("transaction version " + version + " is not supported");
        }
        String networkId = in.text(Limits.MAX_NETWORK_ID_BYTES);
        Address signer = in.address();
        long nonce = in.i64();
        TxPayload payload = decodePayload(in.bytes(Limits.MAX_PAYLOAD_BYTES));
        byte[] signature = in.fixed(Ed25519.SIGNATURE_LENGTH);
        in.expectEnd();
        var tx = new SignedTx(networkId, signer, nonce, payload, signature);
        if (!Arrays.equals(encode(tx), bytes)) {
            throw new DecodeException("the transaction is not in canonical encoding");
        }
        return tx;
    }

    public static byte[] encodePayload(TxPayload payload) {
        var out = new ByteWriter();
        switch (payload) {
            case Genesis g -> {
                out.u8(Tag.GENESIS).address(g.treasury()).address(g.coordinator());
                ValueCodec.write(out, g.params());
                out.i64(g.genesisTime()).i32(g.allocations().size());
                g.allocations().forEach(a -> out.address(a.account()).i64(a.amount()).i64(a.cliffSeconds())
                        .i64(a.vestingSeconds()));
            }
            case Transfer t -> out.u8(Tag.TRANSFER).address(t.to()).i64(t.amount());
            case RegisterProvider r -> {
                out.u8(Tag.REGISTER_PROVIDER);
                ValueCodec.write(out, r.offer());
            }
            case SubmitJob s -> writeSubmitJob(out, s);
            case AssignLease a -> out.u8(Tag.ASSIGN_LEASE).hash(a.jobId()).address(a.provider());
            case AssignGang a -> {
                out.u8(Tag.ASSIGN_GANG).hash(a.jobId()).i32(a.seats().size());
                a.seats().forEach(seat -> out.i32(seat.member()).address(seat.provider()));
            }
            case AwardBid a -> out.u8(Tag.AWARD_BID).hash(a.jobId()).address(a.provider()).i64(a.pricePerDeviceHour());
            case ReleaseLease r -> out.u8(Tag.RELEASE_LEASE).hash(r.jobId()).i32(r.attempt()).text(r.reason())
                    .i64(r.downSince());
            case UsageReceipt u -> out.u8(Tag.USAGE_RECEIPT).hash(u.jobId()).i32(u.attempt()).i64(u.usageMillis());
            case CompleteJob c -> out.u8(Tag.COMPLETE_JOB).hash(c.jobId()).i32(c.attempt()).hash(c.resultHash());
            case SettleJob s -> out.u8(Tag.SETTLE_JOB).hash(s.jobId());
            case CancelJob c -> out.u8(Tag.CANCEL_JOB).hash(c.jobId());
            case AcceptBid a -> out.u8(Tag.ACCEPT_BID).hash(a.jobId()).address(a.provider());
            case PlaceBid b -> out.u8(Tag.PLACE_BID).hash(b.jobId()).i64(b.pricePerDeviceHour());
            case Tick t -> out.u8(Tag.TICK).i64(t.now());
            case ReportPrice r -> out.u8(Tag.REPORT_PRICE).i64(r.price()).i64(r.observedAt());
            case MintCredits m -> out.u8(Tag.MINT_CREDITS).i64(m.credits()).i64(m.maxGrid());
            case RefundCredits r -> out.u8(Tag.REFUND_CREDITS).i64(r.credits()).i64(r.minGrid());
            case ClaimVested ignored -> out.u8(Tag.CLAIM_VESTED);
            case BondProviderStake b -> out.u8(Tag.BOND_PROVIDER_STAKE).i64(b.amount());
            case RegisterChecker ignored -> out.u8(Tag.REGISTER_CHECKER);
            case Delegate d -> out.u8(Tag.DELEGATE).address(d.checker()).i64(d.amount());
            case Unbond u -> {
                out.u8(Tag.UNBOND).bool(u.checker().isPresent());
                u.checker().ifPresent(out::address);
                out.i64(u.amount());
            }
            case Withdraw w -> out.u8(Tag.WITHDRAW).hash(w.unbondingId());
            case ClaimRewards c -> {
                out.u8(Tag.CLAIM_REWARDS);
                ValueCodec.writeAddresses(out, c.delegatedTo());
            }
            case TopUpEscrow t -> out.u8(Tag.TOP_UP_ESCROW).hash(t.jobId()).i64(t.credits());
            case CloseEpoch c -> out.u8(Tag.CLOSE_EPOCH).i64(c.epoch());
            case Slash s -> out.u8(Tag.SLASH).address(s.provider()).u8(s.offence().ordinal()).address(s.reporter())
                    .hash(s.evidence());
            case SubmitVerdict v -> out.u8(Tag.SUBMIT_VERDICT).address(v.provider()).i64(v.round()).u8(v.kind().ordinal())
                    .i32(v.score()).hash(v.evidence());
            case ProposeParams p -> {
                out.u8(Tag.PROPOSE_PARAMS);
                ValueCodec.write(out, p.params());
            }
            case ApproveProposal a -> out.u8(Tag.APPROVE_PROPOSAL).hash(a.proposalId());
            case OpenPartnerPool o -> out.u8(Tag.OPEN_PARTNER_POOL).text(o.token()).i64(o.amount()).i64(o.durationSeconds());
            case TransferPartnerToken t -> out.u8(Tag.TRANSFER_PARTNER_TOKEN).text(t.token()).address(t.to()).i64(t.amount());
            case SettleInference s -> {
                out.u8(Tag.SETTLE_INFERENCE).i64(s.batch()).i32(s.entries().size());
                s.entries().forEach(e -> out.address(e.payer()).address(e.provider()).text(e.model()).i64(e.promptTokens())
                        .i64(e.completionTokens()).i64(e.credits()));
            }
        }
        return out.toByteArray();
    }

    public static TxPayload decodePayload(byte[] bytes) {
        var in = new ByteReader(bytes);
        int tag = in.u8();
        TxPayload payload = switch (tag) {
            case Tag.GENESIS -> readGenesis(in);
            case Tag.TRANSFER -> new Transfer(in.address(), in.u63("amount"));
            case Tag.REGISTER_PROVIDER -> new RegisterProvider(ValueCodec.readOffer(in));
            case Tag.SUBMIT_JOB -> new SubmitJob(ValueCodec.readSpec(in), in.u63("escrow"));
            case Tag.SUBMIT_JOB_WITH_REQUIREMENTS -> readSubmitJob(in, false);
            case Tag.SUBMIT_JOB_WITH_MINIMUMS -> readSubmitJob(in, true);
            case Tag.ASSIGN_LEASE -> new AssignLease(in.hash(), in.address());
            case Tag.SUBMIT_GANG_JOB -> readSubmitGangJob(in);
            case Tag.ASSIGN_GANG -> readAssignGang(in);
            case Tag.AWARD_BID -> new AwardBid(in.hash(), in.address(), in.u63("price"));
            case Tag.RELEASE_LEASE -> new ReleaseLease(in.hash(), in.i32(), in.text(Limits.MAX_REASON_BYTES),
                    in.u63("down since"));
            case Tag.USAGE_RECEIPT -> new UsageReceipt(in.hash(), in.i32(), in.u63("usage"));
            case Tag.COMPLETE_JOB -> new CompleteJob(in.hash(), in.i32(), in.hash());
            case Tag.SETTLE_JOB -> new SettleJob(in.hash());
            case Tag.CANCEL_JOB -> new CancelJob(in.hash());
            case Tag.ACCEPT_BID -> new AcceptBid(in.hash(), in.address());
            case Tag.PLACE_BID -> new PlaceBid(in.hash(), in.u63("price"));
            case Tag.TICK -> new Tick(in.u63("time"));
            case Tag.REPORT_PRICE -> new ReportPrice(in.u63("price"), in.u63("observed at"));
            case Tag.MINT_CREDITS -> new MintCredits(in.u63("credits"), in.u63("max GRID"));
            case Tag.REFUND_CREDITS -> new RefundCredits(in.u63("credits"), in.u63("min GRID"));
            case Tag.CLAIM_VESTED -> new ClaimVested();
            case Tag.BOND_PROVIDER_STAKE -> new BondProviderStake(in.u63("amount"));
            case Tag.REGISTER_CHECKER -> new RegisterChecker();
            case Tag.DELEGATE -> new Delegate(in.address(), in.u63("amount"));
            case Tag.UNBOND -> new Unbond(in.bool() ? Optional.of(in.address()) : Optional.empty(), in.u63("amount"));
            case Tag.WITHDRAW -> new Withdraw(in.hash());
            case Tag.CLAIM_REWARDS -> new ClaimRewards(
                    ValueCodec.readAddresses(in, ClaimRewards.MAX_CHECKERS, "checker"));
            case Tag.TOP_UP_ESCROW -> new TopUpEscrow(in.hash(), in.u63("credits"));
            case Tag.CLOSE_EPOCH -> new CloseEpoch(in.u63("epoch"));
            case Tag.SLASH -> new Slash(in.address(), offence(in.u8()), in.address(), in.hash());
            case Tag.SUBMIT_VERDICT -> ValueCodec.valid(() -> new SubmitVerdict(in.address(), in.u63("round"),
                    ValueCodec.verdictKind(in.u8()), in.i32(), in.hash()));
            case Tag.PROPOSE_PARAMS -> new ProposeParams(ValueCodec.readParams(in));
            case Tag.APPROVE_PROPOSAL -> new ApproveProposal(in.hash());
            case Tag.OPEN_PARTNER_POOL -> ValueCodec.valid(() -> new OpenPartnerPool(
                    in.text(PartnerToken.MAX_SYMBOL_LENGTH), in.u63("amount"), in.u63("duration")));
            case Tag.TRANSFER_PARTNER_TOKEN -> ValueCodec.valid(() -> new TransferPartnerToken(
                    in.text(PartnerToken.MAX_SYMBOL_LENGTH), in.address(), in.u63("amount")));
            case Tag.SETTLE_INFERENCE -> readSettleInference(in);
            default -> throw new DecodeException("unknown transaction type " + tag);
        };
        in.expectEnd();
        return payload;
    }

    /**
     * A job with requirements takes its own tag, and one whose requirements have minimums another, so a job
     * encodes exactly as it did before requirements (or minimums) existed.
     */
    private static void writeSubmitJob(ByteWriter out, SubmitJob submit) {
        JobRequirements requirements = submit.spec().requirements();
        if (submit.spec().isGang()) {
            // A gang has a tag of its own, so every job on one node keeps the encoding it had before gangs.
            out.u8(Tag.SUBMIT_GANG_JOB);
            ValueCodec.write(out, submit.spec());
            ValueCodec.write(out, requirements);
            ValueCodec.writeMinimums(out, requirements);
            out.i32(submit.spec().nodes()).i64(submit.escrow());
            return;
        }
        int tag = requirements.hasMinimums() ? Tag.SUBMIT_JOB_WITH_MINIMUMS
                : requirements.isNone() ? Tag.SUBMIT_JOB : Tag.SUBMIT_JOB_WITH_REQUIREMENTS;
        out.u8(tag);
        ValueCodec.write(out, submit.spec());
        if (tag != Tag.SUBMIT_JOB) {
            ValueCodec.write(out, requirements);
        }
        if (tag == Tag.SUBMIT_JOB_WITH_MINIMUMS) {
            ValueCodec.writeMinimums(out, requirements);
        }
        out.i64(submit.escrow());
    }

    private static SubmitJob readSubmitJob(ByteReader in, boolean withMinimums) {
        var spec = ValueCodec.readSpec(in);
        var requirements = ValueCodec.readRequirements(in, withMinimums);
        return new SubmitJob(ValueCodec.valid(() -> spec.withRequirements(requirements)), in.u63("escrow"));
    }

    private static SettleInference readSettleInference(ByteReader in) {
        long batch = in.u63("batch");
        int count = in.count(SettleInference.MAX_ENTRIES, "inference entry");
        List<InferenceCharge> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new InferenceCharge(in.address(), in.address(), in.text(InferenceCharge.MAX_MODEL_BYTES), in.u63("prompt tokens"),
                    in.u63("completion tokens"), in.u63("credits")));
        }
        return ValueCodec.valid(() -> new SettleInference(batch, entries));
    }

    private static SubmitJob readSubmitGangJob(ByteReader in) {
        var spec = ValueCodec.readSpec(in);
        var requirements = ValueCodec.readFullRequirements(in);
        int nodes = in.i32();
        if (nodes < 2) {
            throw new DecodeException("a gang job has at least 2 nodes, not " + nodes);
        }
        return new SubmitJob(ValueCodec.valid(() -> spec.withRequirements(requirements).withNodes(nodes)), in.u63("escrow"));
    }

    private static AssignGang readAssignGang(ByteReader in) {
        Hash jobId = in.hash();
        int count = in.count(JobSpec.MAX_NODES, "seat");
        List<Seat> seats = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int member = in.i32();
            Address provider = in.address();
            seats.add(ValueCodec.valid(() -> new Seat(member, provider)));
        }
        return ValueCodec.valid(() -> new AssignGang(jobId, seats));
    }

    private static Offence offence(int ordinal) {
        return ValueCodec.constant(Offence.values(), ordinal, "offence");
    }

    private static Genesis readGenesis(ByteReader in) {
        Address treasury = in.address();
        Address coordinator = in.address();
        var params = ValueCodec.readParams(in);
        long genesisTime = in.u63("genesis time");
        int count = in.count(Limits.MAX_ALLOCATIONS, "allocation");
        List<Allocation> allocations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            allocations.add(new Allocation(in.address(), in.u63("allocation"), in.u63("cliff"), in.u63("vesting")));
        }
        return new Genesis(treasury, coordinator, params, genesisTime, allocations);
    }

    /** Type tags are part of the log format: never renumber one. */
    private static final class Tag {
        static final int GENESIS = 1;
        static final int TRANSFER = 2;
        static final int REGISTER_PROVIDER = 3;
        static final int SUBMIT_JOB = 4;
        static final int ASSIGN_LEASE = 5;
        static final int RELEASE_LEASE = 6;
        static final int USAGE_RECEIPT = 7;
        static final int COMPLETE_JOB = 8;
        static final int SETTLE_JOB = 9;
        static final int CANCEL_JOB = 10;
        static final int TICK = 11;
        static final int REPORT_PRICE = 12;
        static final int MINT_CREDITS = 13;
        static final int REFUND_CREDITS = 14;
        static final int CLAIM_VESTED = 15;
        static final int BOND_PROVIDER_STAKE = 16;
        static final int REGISTER_CHECKER = 17;
        static final int DELEGATE = 18;
        static final int UNBOND = 19;
        static final int WITHDRAW = 20;
        static final int CLAIM_REWARDS = 21;
        static final int TOP_UP_ESCROW = 22;
        static final int CLOSE_EPOCH = 23;
        static final int SLASH = 24;
        static final int PROPOSE_PARAMS = 25;
        static final int APPROVE_PROPOSAL = 26;
        static final int OPEN_PARTNER_POOL = 27;
        static final int TRANSFER_PARTNER_TOKEN = 28;
        static final int SUBMIT_JOB_WITH_REQUIREMENTS = 29;
        static final int ACCEPT_BID = 30;
        static final int SUBMIT_VERDICT = 31;
        static final int PLACE_BID = 36;
        static final int AWARD_BID = 37;
        static final int SUBMIT_JOB_WITH_MINIMUMS = 38;
        static final int SUBMIT_GANG_JOB = 39;
        static final int ASSIGN_GANG = 40;
        static final int SETTLE_INFERENCE = 41;
        // 42 and 43 are free.
    }

    /** The id a job gets: the hash of the transaction that submitted it. */
    public static Hash jobId(SignedTx submit) {
        return submit.hash();
    }
}
