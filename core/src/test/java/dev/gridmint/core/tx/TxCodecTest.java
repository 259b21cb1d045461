package dev.gridmint.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.state.Limits;
import dev.gridmint.core.state.VerdictKind;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.economics.Slashing.Offence;
import dev.gridmint.core.params.GovernanceParams;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.ProposeParams;
import dev.gridmint.core.tx.TxPayload.Transfer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TxCodecTest {

    private static final int MAGIC = 0x474d5458; // "GMTX"
    private static final Keypair ALICE = TestKeys.of("alice");
    private static final Address BOB = TestKeys.of("bob").address();
    private static final List<SignedTx> SAMPLES = signedSamples();

    private static List<SignedTx> signedSamples() {
        List<SignedTx> txs = new ArrayList<>();
        long nonce = 1;
        for (TxPayload payload : TxSamples.payloads()) {
            txs.add(SignedTx.sign(ALICE, "gridmint-test", nonce++, payload));
        }
        txs.add(SignedTx.sign(ALICE, "n", Long.MAX_VALUE, new Transfer(BOB, 5)));
        txs.add(SignedTx.sign(ALICE, "x".repeat(Limits.MAX_NETWORK_ID_BYTES), 0, new Transfer(BOB, 5)));
        return txs;
    }

    static Stream<SignedTx> samples() {
        return SAMPLES.stream();
    }

    @Test
    void samplesCoverEveryPayloadVariant() {
        Set<Class<?>> variants = new HashSet<>();
        SAMPLES.forEach(tx -> variants.add(tx.payload().getClass()));
        assertThat(variants).containsExactlyInAnyOrder(TxPayload.class.getPermittedSubclasses());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void roundTripsExactly(SignedTx tx) {
        byte[] bytes = TxCodec.encode(tx);
        SignedTx decoded = TxCodec.decode(bytes);
        assertThat(decoded).isEqualTo(tx);
        assertThat(decoded.payload()).isEqualTo(tx.payload());
        assertThat(decoded.signature()).isEqualTo(tx.signature());
        assertThat(decoded.hasValidSignature()).isTrue();
        assertThat(TxCodec.encode(decoded)).isEqualTo(bytes);
        assertThat(decoded.hash()).isEqualTo(tx.hash());
        assertThat(TxCodec.decodePayload(TxCodec.encodePayload(tx.payload()))).isEqualTo(tx.payload());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void refusesEveryTruncation(SignedTx tx) {
        byte[] bytes = TxCodec.encode(tx);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> TxCodec.decode(truncated)).as("truncated to %d", length).isInstanceOf(DecodeException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void refusesTrailingBytes(SignedTx tx) {
        byte[] bytes = TxCodec.encode(tx);
        assertThatThrownBy(() -> TxCodec.decode(Arrays.copyOf(bytes, bytes.length + 1))).isInstanceOf(DecodeException.class);
        byte[] payload = TxCodec.encodePayload(tx.payload());
        byte[] padded = Arrays.copyOf(payload, payload.length + 1);
        assertThatThrownBy(() -> TxCodec.decodePayload(padded)).isInstanceOf(DecodeException.class);
        assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC, 1, "gridmint-test", padded)))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    void theEnvelopeLayoutIsFixed() {
        SignedTx tx = SignedTx.sign(ALICE, "net", 7, new Transfer(BOB, 5));
        byte[] expected = new ByteWriter().i32(MAGIC).u8(1).text("net").address(ALICE.address()).i64(7)
                .bytes(new ByteWriter().u8(2).address(BOB).i64(5).toByteArray())
                .fixed(tx.signature()).toByteArray();
        assertThat(TxCodec.encode(tx)).isEqualTo(expected);
        assertThat(tx.encode()).isEqualTo(expected);
    }

    @Test
    void refusesBadMagicAndUnknownVersions() {
        byte[] payload = TxCodec.encodePayload(new Transfer(BOB, 5));
        assertThat(TxCodec.decode(envelope(MAGIC, 1, "net", payload)).payload()).isEqualTo(new Transfer(BOB, 5));
        assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC + 1, 1, "net", payload))).isInstanceOf(DecodeException.class);
        for (int version : new int[] {0, 2, 255}) {
            assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC, version, "net", payload)))
                    .as("version %d", version).isInstanceOf(DecodeException.class).hasMessageContaining("version");
        }
    }

    @Test
    void refusesUnknownPayloadTags() {
        byte[] transfer = TxCodec.encodePayload(new Transfer(BOB, 5));
        for (int tag : new int[] {0, 32, 33, 127, 128, 255}) {
            byte[] payload = transfer.clone();
            payload[0] = (byte) tag;
            assertThatThrownBy(() -> TxCodec.decodePayload(payload)).as("tag %d", tag)
                    .isInstanceOf(DecodeException.class).hasMessageContaining("unknown transaction type");
            assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC, 1, "net", payload))).isInstanceOf(DecodeException.class);
        }
        assertThatThrownBy(() -> TxCodec.decodePayload(new byte[0])).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesOversizedInput() {
        assertThatThrownBy(() -> TxCodec.decode(new byte[TxCodec.MAX_TX_BYTES + 1]))
                .isInstanceOf(DecodeException.class).hasMessageContaining("at most");
        // The largest genesis that can be built still fits in one payload and reads back.
        List<Allocation> allocations = new ArrayList<>();
        for (int i = 0; i < Limits.MAX_ALLOCATIONS; i++) {
            allocations.add(new Allocation(BOB, 1, 2, 3));
        }
        // the largest parameters: full council and reporter lists
        List<Address> many = new ArrayList<>();
        for (int i = 0; i < GovernanceParams.MAX_COUNCIL; i++) {
            many.add(TestKeys.of("member", GovernanceParams.MAX_COUNCIL).get(i).address());
        }
        NetworkParams params = NetworkParams.defaults(many, many);
        SignedTx largest = SignedTx.sign(ALICE, "net", 1, new Genesis(BOB, BOB, params, Long.MAX_VALUE, allocations));
        assertThat(TxCodec.decode(largest.encode())).isEqualTo(largest);
        allocations.add(Allocation.liquid(BOB, 1));
        assertThatThrownBy(() -> new Genesis(BOB, BOB, params, 0, allocations))
                .isInstanceOf(IllegalArgumentException.class);
        List<Address> tooMany = new ArrayList<>();
        for (int i = 0; i <= ClaimRewards.MAX_CHECKERS; i++) {
            tooMany.add(BOB);
        }
        assertThatThrownBy(() -> new ClaimRewards(tooMany)).isInstanceOf(IllegalArgumentException.class);
        byte[] payload = new byte[Limits.MAX_PAYLOAD_BYTES + 1];
        payload[0] = 2;
        assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC, 1, "net", payload))).isInstanceOf(DecodeException.class);
    }

    @Test
    void refusesAnOverlongNetworkId() {
        byte[] payload = TxCodec.encodePayload(new Transfer(BOB, 5));
        String tooLong = "x".repeat(Limits.MAX_NETWORK_ID_BYTES + 1);
        assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC, 1, tooLong, payload))).isInstanceOf(DecodeException.class);
        byte[] badUtf8 = new ByteWriter().i32(MAGIC).u8(1).bytes(new byte[] {(byte) 0xc3, 0x28})
                .address(ALICE.address()).i64(1).bytes(payload).fixed(new byte[64]).toByteArray();
        assertThatThrownBy(() -> TxCodec.decode(badUtf8)).isInstanceOf(DecodeException.class);
    }

    @Test
    void decodesAVerdictStrictly() {
        var verdict = new TxPayload.SubmitVerdict(BOB, 7, VerdictKind.SPOT_CHECK, 1_000, new Hash(new byte[32]));
        byte[] bytes = TxCodec.encodePayload(verdict);
        assertThat(TxCodec.decodePayload(bytes)).isEqualTo(verdict);
        assertThat(bytes.length).as("tag, provider, round, kind, score, evidence").isEqualTo(1 + 32 + 8 + 1 + 4 + 32);
        List<byte[]> bad = List.of(
                // a kind that does not exist
                new ByteWriter().u8(31).fixed(BOB.publicKey()).i64(7).u8(VerdictKind.values().length).i32(1_000)
                        .fixed(new byte[32]).toByteArray(),
                // a score above 1000, and below 0
                new ByteWriter().u8(31).fixed(BOB.publicKey()).i64(7).u8(0).i32(1_001).fixed(new byte[32]).toByteArray(),
                new ByteWriter().u8(31).fixed(BOB.publicKey()).i64(7).u8(0).i32(-1).fixed(new byte[32]).toByteArray(),
                // a negative round
                new ByteWriter().u8(31).fixed(BOB.publicKey()).i64(-1).u8(0).i32(0).fixed(new byte[32]).toByteArray(),
                // truncated: no evidence
                Arrays.copyOf(bytes, bytes.length - 32));
        for (byte[] payload : bad) {
            assertThatThrownBy(() -> TxCodec.decodePayload(payload)).isInstanceOf(DecodeException.class);
        }
        assertThatThrownBy(() -> new TxPayload.SubmitVerdict(BOB, 0, VerdictKind.LIVENESS, 1_001, new Hash(new byte[32])))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNonCanonicalFieldValues() {
        byte[] bob = BOB.publicKey();
        List<byte[]> payloads = List.of(
                // a negative transfer amount
                new ByteWriter().u8(2).fixed(bob).i64(-1).toByteArray(),
                // a device class that does not exist
                offer(w -> w.u8(2).text("gpu").i32(1).i64(0).i32(1).i64(1).text("eu").i64(1)),
                // zero devices
                offer(w -> w.u8(1).text("gpu").i32(0).i64(0).i32(1).i64(1).text("eu").i64(1)),
                // a blank model
                offer(w -> w.u8(1).text(" ").i32(1).i64(0).i32(1).i64(1).text("eu").i64(1)),
                // a price above the limit
                offer(w -> w.u8(1).text("gpu").i32(1).i64(0).i32(1).i64(1).text("eu").i64(Limits.MAX_PRICE_PER_DEVICE_HOUR + 1)),
                // a job of zero devices
                new ByteWriter().u8(4).text("w").i32(0).i32(0).i64(1).i64(1).i64(10).toByteArray(),
                // a job with a control character in an argument
                new ByteWriter().u8(4).text("w").i32(1).text("a\nb").i32(1).i64(1).i64(1).i64(10).toByteArray(),
                // more arguments than allowed
                new ByteWriter().u8(4).text("w").i32(Limits.MAX_ARGS + 1).toByteArray(),
                // a negative escrow
                new ByteWriter().u8(4).text("w").i32(0).i32(1).i64(1).i64(1).i64(-10).toByteArray(),
                // a negative usage
                new ByteWriter().u8(7).fixed(new byte[32]).i32(1).i64(-1).toByteArray(),
                // an over-long release reason
                new ByteWriter().u8(6).fixed(new byte[32]).i32(1).text("r".repeat(Limits.MAX_REASON_BYTES + 1)).i64(0).toByteArray(),
                // a negative down-since time
                new ByteWriter().u8(6).fixed(new byte[32]).i32(1).text("r").i64(-1).toByteArray(),
                // a negative tick
                new ByteWriter().u8(11).i64(-1).toByteArray(),
                // a negative price, a negative observation time
                new ByteWriter().u8(12).i64(-5).i64(0).toByteArray(),
                new ByteWriter().u8(12).i64(5).i64(Long.MIN_VALUE).toByteArray(),
                // negative credits to mint, a negative slippage bound
                new ByteWriter().u8(13).i64(-1).i64(1).toByteArray(),
                new ByteWriter().u8(13).i64(1).i64(-1).toByteArray(),
                new ByteWriter().u8(14).i64(-1).i64(0).toByteArray(),
                new ByteWriter().u8(14).i64(1).i64(-1).toByteArray(),
                // a negative stake
                new ByteWriter().u8(16).i64(-1).toByteArray(),
                // a negative delegation
                new ByteWriter().u8(18).fixed(bob).i64(-1).toByteArray(),
                // an unbonding whose presence flag is not 0 or 1, and a negative one
                new ByteWriter().u8(19).u8(2).fixed(bob).i64(1).toByteArray(),
                new ByteWriter().u8(19).u8(0).i64(-1).toByteArray(),
                // more checkers than a claim may name, and a negative count
                new ByteWriter().u8(21).i32(ClaimRewards.MAX_CHECKERS + 1).toByteArray(),
                new ByteWriter().u8(21).i32(-1).toByteArray(),
                // a negative top-up, a negative epoch
                new ByteWriter().u8(22).fixed(new byte[32]).i64(-1).toByteArray(),
                new ByteWriter().u8(23).i64(-1).toByteArray(),
                // a negative bid, a negative awarded price, a bid with a byte too many
                new ByteWriter().u8(36).fixed(new byte[32]).i64(-1).toByteArray(),
                new ByteWriter().u8(37).fixed(new byte[32]).fixed(bob).i64(Long.MIN_VALUE).toByteArray(),
                new ByteWriter().u8(36).fixed(new byte[32]).i64(1).u8(0).toByteArray(),
                // an offence that does not exist
                new ByteWriter().u8(24).fixed(bob).u8(Offence.values().length).fixed(bob).fixed(new byte[32]).toByteArray(),
                // a protocol fee above 100%
                patchI32(genesis(List.of()), FEE_OFFSET, 10_001),
                // a max job attempts of zero
                patchI32(genesis(List.of()), 65, 0),
                // proposed parameters with a protocol fee above 100%
                patchI32(TxCodec.encodePayload(new ProposeParams(TxSamples.oddParams())), FEE_OFFSET - 64, 10_001),
                // too many allocations
                patchI32(genesis(List.of()), genesis(List.of()).length - 4, Limits.MAX_ALLOCATIONS + 1),
                // a negative allocation, cliff or vesting period
                patchI64(genesis(List.of(new Allocation(BOB, 5, 1, 2))), genesis(List.of()).length + 32, -1),
                patchI64(genesis(List.of(new Allocation(BOB, 5, 1, 2))), genesis(List.of()).length + 40, -1),
                patchI64(genesis(List.of(new Allocation(BOB, 5, 1, 2))), genesis(List.of()).length + 48, -1));
        for (byte[] payload : payloads) {
            assertThatThrownBy(() -> TxCodec.decodePayload(payload)).isInstanceOf(DecodeException.class);
            assertThatThrownBy(() -> TxCodec.decode(envelope(MAGIC, 1, "net", payload))).isInstanceOf(DecodeException.class);
        }
    }

    /**
     * Random corruption of valid encodings: every result is either a {@link DecodeException} or
     * a transaction whose encoding is exactly the corrupted bytes. Nothing else may escape.
     */
    @Test
    void corruptedBytesDecodeCanonicallyOrNotAtAll() {
        var random = new SplittableRandom(0xC0DEC);
        int decodedAnyway = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = SAMPLES.get(random.nextInt(SAMPLES.size())).encode();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                SignedTx tx = TxCodec.decode(bytes);
                assertThat(TxCodec.encode(tx)).isEqualTo(bytes);
                decodedAnyway++;
            } catch (DecodeException expected) {
                // refused, as it should be
            } catch (RuntimeException e) {
                fail("corrupted bytes escaped as " + e, e);
            }
        }
        // Flips inside amounts or signatures still decode; make sure both outcomes happen.
        assertThat(decodedAnyway).isBetween(1, 19_999);
    }

    @Test
    void theJobIdIsTheSubmittingTransactionsHash() {
        SignedTx submit = SAMPLES.stream().filter(tx -> tx.payload() instanceof TxPayload.SubmitJob).findFirst().orElseThrow();
        assertThat(TxCodec.jobId(submit)).isEqualTo(submit.hash());
    }

    @Test
    void everyTagIsStable() {
        // The first payload byte is part of the log format: never renumber.
        List<Integer> tags = new ArrayList<>();
        for (TxPayload payload : TxSamples.payloads()) {
            tags.add(TxCodec.encodePayload(payload)[0] & 0xff);
        }
        assertThat(tags).isEqualTo(TxSamples.TAGS);
    }

    /** Offset of the protocol fee in a genesis payload: tag, two addresses, attempts, max supply, two shares, spread. */
    private static final int FEE_OFFSET = 1 + 32 + 32 + 4 + 8 + 4 + 4 + 4;

    private static byte[] genesis(List<Allocation> allocations) {
        byte[] bytes = TxCodec.encodePayload(new Genesis(BOB, BOB, TxSamples.oddParams(), 9, allocations));
        // make sure the offsets used above point where they should
        assertThat(ByteBuffer.wrap(bytes, FEE_OFFSET, 4).getInt()).isEqualTo(TxSamples.oddParams().credits().protocolFeeBps());
        assertThat(ByteBuffer.wrap(bytes, 65, 4).getInt()).isEqualTo(TxSamples.oddParams().maxJobAttempts());
        return bytes;
    }

    private static byte[] patchI32(byte[] bytes, int offset, int value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putInt(offset, value);
        return copy;
    }

    private static byte[] patchI64(byte[] bytes, int offset, long value) {
        byte[] copy = bytes.clone();
        ByteBuffer.wrap(copy).putLong(offset, value);
        return copy;
    }

    private static byte[] offer(Consumer<ByteWriter> fields) {
        var writer = new ByteWriter().u8(3);
        fields.accept(writer);
        return writer.toByteArray();
    }

    private static byte[] envelope(int magic, int version, String networkId, byte[] payload) {
        return new ByteWriter().i32(magic).u8(version).text(networkId).address(ALICE.address()).i64(1)
                .bytes(payload).fixed(new byte[64]).toByteArray();
    }
}
