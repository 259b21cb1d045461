package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Int8QuantizerTest {

    @Test
    void everyValueIsWithinHalfAScaleStepOfItsDecodedValue() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + rng.nextInt(1000);
            double magnitude = Math.pow(10, rng.nextInt(-8, 8));
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = (rng.nextDouble() * 2 - 1) * magnitude;
            }
            byte[] encoded = Int8Quantizer.encode(values);
            double[] decoded = Int8Quantizer.decode(encoded, n);
            ByteBuffer in = ByteBuffer.wrap(encoded);
            for (int from = 0; from < n; from += Int8Quantizer.CHUNK) {
                int to = Math.min(n, from + Int8Quantizer.CHUNK);
                float scale = in.getFloat(from + (from / Int8Quantizer.CHUNK) * Float.BYTES);
                double maxAbs = 0;
                for (int i = from; i < to; i++) {
                    maxAbs = Math.max(maxAbs, Math.abs(values[i]));
                    assertThat(Math.abs(values[i] - decoded[i])).isLessThanOrEqualTo(scale / 2.0 * (1 + 1e-12));
                }
                // the scale is the smallest float32 that covers the chunk's largest value in 127 steps
                assertThat((double) scale * 127).isGreaterThanOrEqualTo(maxAbs);
                assertThat((double) Math.nextDown(scale) * 127).isLessThan(maxAbs);
            }
        }
    }

    @Test
    void layoutIsAScaleThenOneByteForEachValueOfEachChunk() {
        double[] values = new double[257];
        values[0] = 127.0;
        values[1] = -63.5;
        values[256] = 2.0;
        byte[] encoded = Int8Quantizer.encode(values);

        assertThat(encoded).hasSize(257 + 2 * Float.BYTES).hasSize(Int8Quantizer.encodedSize(257));
        ByteBuffer in = ByteBuffer.wrap(encoded);
        assertThat(in.getFloat(0)).isEqualTo(1.0f);
        assertThat(in.get(4)).isEqualTo((byte) 127);
        assertThat(in.get(5)).isEqualTo((byte) -64); // -63.5 rounds half to even
        // 2/127 rounded to float32 is just below 2/127, so the scale is the next float up
        assertThat(in.getFloat(4 + 256)).isEqualTo(Math.nextUp((float) (2.0 / 127)));
        assertThat(in.get(4 + 256 + 4)).isEqualTo((byte) 127);
    }

    @Test
    void allZerosHaveAZeroScaleAndDecodeToZeros() {
        double[] zeros = new double[300];
        byte[] encoded = Int8Quantizer.encode(zeros);

        assertThat(encoded).containsOnly((byte) 0);
        assertThat(Int8Quantizer.decode(encoded, 300)).containsOnly(0.0);
    }

    @Test
    void aHugeValueKeepsItsMagnitudeAndOnlyCoarsensItsOwnChunk() {
        double[] values = new double[512];
        values[3] = 1e30;
        values[4] = 1.0;
        values[300] = 1.0;
        double[] decoded = Int8Quantizer.decode(Int8Quantizer.encode(values), 512);

        assertThat(decoded[3]).isCloseTo(1e30, org.assertj.core.data.Percentage.withPercentage(1e-5));
        assertThat(decoded[4]).isZero(); // far below half a step of 1e30 / 127
        assertThat(decoded[300]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void tinyValuesGetASubnormalScaleAndKeepTheBound() {
        double[] values = {1e-42, -3e-43, 0.0};
        byte[] encoded = Int8Quantizer.encode(values);
        float scale = ByteBuffer.wrap(encoded).getFloat(0);
        double[] decoded = Int8Quantizer.decode(encoded, 3);

        assertThat(scale).isPositive().isLessThan(Float.MIN_NORMAL);
        for (int i = 0; i < values.length; i++) {
            assertThat(Math.abs(values[i] - decoded[i])).isLessThanOrEqualTo(scale / 2.0);
        }
    }

    @Test
    void nonFiniteAndUnrepresentableValuesAreRejected() {
        assertThatThrownBy(() -> Int8Quantizer.encode(new double[] {1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> Int8Quantizer.encode(new double[] {Double.NEGATIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Int8Quantizer.encode(new double[] {1e300}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too large");
        assertThatThrownBy(() -> Encoding.FP32.encode(new double[] {1e300}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodingRequiresTheExactPayloadLength() {
        byte[] encoded = Int8Quantizer.encode(new double[10]);

        assertThatThrownBy(() -> Int8Quantizer.decode(encoded, 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fp32RoundTripsFloatsExactly() {
        double[] values = {0.0, -1.5, (float) Math.PI, Float.MAX_VALUE, Float.MIN_VALUE};

        assertThat(Encoding.FP32.roundTrip(values)).containsExactly(values);
        assertThat(Encoding.FP32.encodedSize(5)).isEqualTo(20);
    }
}
