package dev.gridmint.core.tx;

import dev.gridmint.core.codec.ByteReader;
import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Ed25519;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Limits;
import dev.gridmint.core.state.ValueCodec;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.AssignLease;
import dev.gridmint.core.tx.TxPayload.CancelJob;
import dev.gridmint.core.tx.TxPayload.CompleteJob;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.RegisterProvider;
import dev.gridmint.core.tx.TxPayload.ReleaseLease;
import dev.gridmint.core.tx.TxPayload.SettleJob;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.core.tx.TxPayload.Transfer;
import dev.gridmint.core.tx.TxPayload.UsageReceipt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
                out.i32(g.allocations().size());
                g.allocations().forEach(a -> out.address(a.account()).i64(a.amount()));
            }
            case Transfer t -> out.u8(Tag.TRANSFER).address(t.to()).i64(t.amount());
            case RegisterProvider r -> {
                out.u8(Tag.REGISTER_PROVIDER);
                ValueCodec.write(out, r.offer());
            }
            case SubmitJob s -> {
                out.u8(Tag.SUBMIT_JOB);
                ValueCodec.write(out, s.spec());
                out.i64(s.escrow());
            }
            case AssignLease a -> out.u8(Tag.ASSIGN_LEASE).hash(a.jobId()).address(a.provider());
            case ReleaseLease r -> out.u8(Tag.RELEASE_LEASE).hash(r.jobId()).i32(r.attempt()).text(r.reason());
            case UsageReceipt u -> out.u8(Tag.USAGE_RECEIPT).hash(u.jobId()).i32(u.attempt()).i64(u.usageMillis());
            case CompleteJob c -> out.u8(Tag.COMPLETE_JOB).hash(c.jobId()).i32(c.attempt()).hash(c.resultHash());
            case SettleJob s -> out.u8(Tag.SETTLE_JOB).hash(s.jobId());
            case CancelJob c -> out.u8(Tag.CANCEL_JOB).hash(c.jobId());
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
            case Tag.ASSIGN_LEASE -> new AssignLease(in.hash(), in.address());
            case Tag.RELEASE_LEASE -> new ReleaseLease(in.hash(), in.i32(), in.text(Limits.MAX_REASON_BYTES));
            case Tag.USAGE_RECEIPT -> new UsageReceipt(in.hash(), in.i32(), in.u63("usage"));
            case Tag.COMPLETE_JOB -> new CompleteJob(in.hash(), in.i32(), in.hash());
            case Tag.SETTLE_JOB -> new SettleJob(in.hash());
            case Tag.CANCEL_JOB -> new CancelJob(in.hash());
            default -> throw new DecodeException("unknown transaction type " + tag);
        };
        in.expectEnd();
        return payload;
    }

    private static Genesis readGenesis(ByteReader in) {
        Address treasury = in.address();
        Address coordinator = in.address();
        var params = ValueCodec.readParams(in);
        int count = in.count(Limits.MAX_ALLOCATIONS, "allocation");
        List<Allocation> allocations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            allocations.add(new Allocation(in.address(), in.u63("allocation")));
        }
        return new Genesis(treasury, coordinator, params, allocations);
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
    }

    /** The id a job gets: the hash of the transaction that submitted it. */
    public static Hash jobId(SignedTx submit) {
        return submit.hash();
    }
}
