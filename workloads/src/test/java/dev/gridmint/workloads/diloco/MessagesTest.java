package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final String HASH = "ab".repeat(32);

    private static DeltaMessage delta(Encoding encoding) {
        return DeltaMessage.of(3, 1, 2, 1600, encoding, new double[] {0.25, -0.5, 1.0});
    }

    @Test
    void deltaMessagesRoundTripThroughTheirCanonicalBytes() {
        for (Encoding encoding : Encoding.values()) {
            DeltaMessage message = delta(encoding);
            byte[] bytes = message.toBytes();

            assertThat(bytes).hasSize(message.sizeBytes());
            assertThat(DeltaMessage.parse(bytes)).isEqualTo(new Parsed.Ok<>(message));
            assertThat(message.sha256()).isEqualTo(delta(encoding).sha256()).hasSize(64);
            assertThat(message.values()).containsExactly(encoding.roundTrip(new double[] {0.25, -0.5, 1.0}));
        }
    }

    @Test
    void theLayoutIsFixed() {
        ByteBuffer in = ByteBuffer.wrap(delta(Encoding.FP32).toBytes());

        assertThat(new String(Arrays.copyOf(in.array(), 4))).isEqualTo("GMDL");
        assertThat(in.get(4)).isEqualTo((byte) 1);
        assertThat(in.get(5)).isEqualTo(Encoding.FP32.tag());
        assertThat(in.getLong(6)).isEqualTo(3);
        assertThat(in.getInt(14)).isEqualTo(1);
        assertThat(in.getInt(18)).isEqualTo(2);
        assertThat(in.getLong(22)).isEqualTo(1600);
        assertThat(in.getInt(30)).isEqualTo(3);
        assertThat(in.getInt(34)).isEqualTo(12);
        assertThat(in.getFloat(38)).isEqualTo(0.25f);
        assertThat(in.capacity()).isEqualTo(50);
    }

    @Test
    void badDeltaBytesAreRefusedWithAStableCode() {
        byte[] good = delta(Encoding.INT8).toBytes();

        assertThat(code(DeltaMessage.parse(Arrays.copyOf(good, good.length - 1)))).isEqualTo(Parsed.Code.TRUNCATED);
        assertThat(code(DeltaMessage.parse(Arrays.copyOf(good, 10)))).isEqualTo(Parsed.Code.TRUNCATED);
        assertThat(code(DeltaMessage.parse(Arrays.copyOf(good, good.length + 1))))
                .isEqualTo(Parsed.Code.TRAILING_BYTES);
        assertThat(code(DeltaMessage.parse(with(good, 0, (byte) 'X')))).isEqualTo(Parsed.Code.BAD_HEADER);
        assertThat(code(DeltaMessage.parse(with(good, 4, (byte) 9)))).isEqualTo(Parsed.Code.BAD_HEADER);
        assertThat(code(DeltaMessage.parse(with(good, 5, (byte) 7)))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(DeltaMessage.parse(with(good, 6, (byte) 0x80)))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(DeltaMessage.parse(with(good, 22, (byte) 0xff)))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(DeltaMessage.parse(with(good, 37, (byte) 8)))).isEqualTo(Parsed.Code.BAD_PAYLOAD);
        assertThat(code(DeltaMessage.parse(new byte[DeltaMessage.MAX_BYTES + 1]))).isEqualTo(Parsed.Code.TOO_LARGE);
    }

    @Test
    void broadcastsRoundTripAndRefuseBadBytes() {
        Broadcast update = Broadcast.of(Broadcast.Kind.UPDATE, 4, Encoding.INT8, new double[] {1, 2, 3}, HASH);
        Broadcast theta = Broadcast.of(Broadcast.Kind.THETA, 4, Encoding.FP32, new double[] {1, 2, 3}, HASH);

        assertThat(Broadcast.parse(update.toBytes())).isEqualTo(new Parsed.Ok<>(update));
        assertThat(Broadcast.parse(theta.toBytes())).isEqualTo(new Parsed.Ok<>(theta));
        assertThat(update.toBytes()).hasSize(update.sizeBytes());
        assertThat(theta.values()).containsExactly(1, 2, 3);
        byte[] good = theta.toBytes();
        assertThat(code(Broadcast.parse(with(good, 5, (byte) 3)))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(Broadcast.parse(Arrays.copyOf(good, good.length - 1)))).isEqualTo(Parsed.Code.TRUNCATED);
        assertThat(code(DeltaMessage.parse(good))).isEqualTo(Parsed.Code.BAD_HEADER);
    }

    private static byte[] with(byte[] bytes, int index, byte value) {
        byte[] copy = bytes.clone();
        copy[index] = value;
        return copy;
    }

    private static Parsed.Code code(Parsed<?> parsed) {
        return switch (parsed) {
            case Parsed.Ok<?> ok -> null;
            case Parsed.Invalid<?> invalid -> {
                assertThat(invalid.message()).isNotBlank();
                yield invalid.code();
            }
        };
    }
}
