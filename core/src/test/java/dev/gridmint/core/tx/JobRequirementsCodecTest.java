package dev.gridmint.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.codec.ByteWriter;
import dev.gridmint.core.codec.DecodeException;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.JobRequirements;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.StateCodec;
import dev.gridmint.core.state.ValueCodec;
import dev.gridmint.core.testing.TestKeys;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A job's optional requirements: their encodings, and that a job without them encodes as it always did. */
class JobRequirementsCodecTest {

    private static final JobSpec PLAIN = new JobSpec("train-names", List.of("--steps", "10"), 1, 600, 2_000_000);
    private static final JobRequirements IN_EU_ON_H100 = new JobRequirements(List.of("H100-80GB", "A100-80GB"), 0,
            List.of("eu-west", "eu-central"), List.of(), true);

    @Test
    void aJobWithoutRequirementsEncodesExactlyAsBefore() {
        byte[] plain = TxCodec.encodePayload(new SubmitJob(PLAIN, 5));
        // The encoding of the spec before requirements existed: tag 4, fields, escrow.
        var before = new ByteWriter().u8(4).text("train-names").i32(2).text("--steps").text("10").i32(1).i64(600)
                .i64(2_000_000).i64(5).toByteArray();
        assertThat(plain).isEqualTo(before);
        assertThat(TxCodec.decodePayload(before)).isEqualTo(new SubmitJob(PLAIN.withRequirements(JobRequirements.NONE), 5));
    }

    @Test
    void requirementsRoundTripUnderTheirOwnTag() {
        var submit = new SubmitJob(PLAIN.withRequirements(IN_EU_ON_H100), 5);
        byte[] bytes = TxCodec.encodePayload(submit);
        assertThat(bytes[0]).isEqualTo((byte) 29);
        assertThat(TxCodec.decodePayload(bytes)).isEqualTo(submit);
        // Kept sorted, so one set of requirements has one encoding.
        assertThat(IN_EU_ON_H100.gpuModels()).containsExactly("A100-80GB", "H100-80GB");
        assertThat(IN_EU_ON_H100.regions()).containsExactly("eu-central", "eu-west");

        var signed = SignedTx.sign(TestKeys.of("alice"), "net", 1, submit);
        assertThat(TxCodec.decode(TxCodec.encode(signed))).isEqualTo(signed);
    }

    @Test
    void emptyOrUnsortedRequirementsUnderTheNewTagAreRefused() {
        var empty = new ByteWriter().u8(29).text("w").i32(0).i32(1).i64(60).i64(1_000);
        ValueCodec.write(empty, JobRequirements.NONE);
        empty.i64(5);
        assertThatThrownBy(() -> TxCodec.decodePayload(empty.toByteArray())).isInstanceOf(DecodeException.class)
                .hasMessageContaining("none at all");

        // Models out of order decode to the sorted value, whose encoding differs: not canonical.
        var unsorted = new ByteWriter().u8(29).text("w").i32(0).i32(1).i64(60).i64(1_000)
                .i32(2).text("H100-80GB").text("A100-80GB").i32(0).i32(0).i32(0).bool(false).i64(5).toByteArray();
        var tx = new ByteWriter().i32(0x474d5458).u8(1).text("net").address(TestKeys.of("alice").address()).i64(1)
                .bytes(unsorted).fixed(new byte[64]).toByteArray();
        assertThatThrownBy(() -> TxCodec.decode(tx)).isInstanceOf(DecodeException.class);
    }

    @Test
    void badRequirementsAreRefused() {
        assertThatThrownBy(() -> new JobRequirements(List.of("H100-80GB"), 40, List.of(), List.of(), false))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new JobRequirements(List.of(), 0, List.of("eu"), List.of("eu"), false))
                .hasMessageContaining("both allowed and denied");
        assertThatThrownBy(() -> new JobRequirements(List.of(), -1, List.of(), List.of(), false)).hasMessageContaining("VRAM");
        assertThatThrownBy(() -> new JobRequirements(List.of(), 0,
                java.util.stream.IntStream.range(0, 17).mapToObj(i -> "r" + i).toList(), List.of(), false)).hasMessageContaining("at most 16");
        assertThatThrownBy(() -> new JobRequirements(List.of(" "), 0, List.of(), List.of(), false)).hasMessageContaining("blank");
        assertThatThrownBy(() -> new JobRequirements(List.of("x".repeat(65)), 0, List.of(), List.of(), false))
                .hasMessageContaining("64 bytes");

        // Seventeen regions on the wire are refused before they are read.
        var tooMany = new ByteWriter().u8(29).text("w").i32(0).i32(1).i64(60).i64(1_000).i32(0).i32(0).i32(17);
        assertThatThrownBy(() -> TxCodec.decodePayload(tooMany.toByteArray())).isInstanceOf(DecodeException.class);
    }

    @Test
    void aJobsRequirementsSurviveTheStateEncodingAndAPlainJobKeepsItsBytes() {
        var tenant = TestKeys.of("t").address();
        var plain = Job.submitted(Hash.sha256(new byte[] {1}), tenant, PLAIN, PLAIN.worstCaseCost(), 3);
        var rich = Job.submitted(Hash.sha256(new byte[] {2}), tenant, PLAIN.withRequirements(IN_EU_ON_H100), PLAIN.worstCaseCost(), 4);
        LedgerState state = LedgerState.empty().nextHeight().withJob(plain).withJob(rich);

        LedgerState decoded = StateCodec.decode(StateCodec.encode(state));
        assertThat(decoded.job(rich.id()).orElseThrow().spec().requirements()).isEqualTo(IN_EU_ON_H100);
        assertThat(decoded.root()).isEqualTo(state.root());

        // The plain job's entry has no trace of requirements: its status byte is the bare ordinal.
        var out = new ByteWriter();
        StateCodec.JOB_ENTRY.write(out, plain.id(), plain);
        var expected = new ByteWriter().hash(plain.id()).address(tenant);
        ValueCodec.write(expected, PLAIN);
        expected.i64(plain.escrow()).i64(plain.deposited()).i64(plain.charged()).i64(plain.fees()).u8(plain.status().ordinal());
        byte[] prefix = expected.toByteArray();
        assertThat(java.util.Arrays.copyOf(out.toByteArray(), prefix.length)).isEqualTo(prefix);
    }

    @Test
    void minimumsTakeTheirOwnTagAndRequirementsWithoutThemKeepTag29() {
        var minimumsOnly = new SubmitJob(PLAIN.withRequirements(JobRequirements.NONE.withMinimums(300, 0)), 5);
        byte[] bytes = TxCodec.encodePayload(minimumsOnly);
        var expected = new ByteWriter().u8(38).text("train-names").i32(2).text("--steps").text("10").i32(1).i64(600)
                .i64(2_000_000).i32(0).i32(0).i32(0).i32(0).bool(false).i32(0).i32(300).i32(0).i64(5).toByteArray();
        assertThat(bytes).isEqualTo(expected);
        assertThat(TxCodec.decodePayload(bytes)).isEqualTo(minimumsOnly);

        var both = new SubmitJob(PLAIN.withRequirements(new JobRequirements(List.of(), 40, List.of("eu-west"), List.of(), true, 60,
                989, 700)), 5);
        assertThat(TxCodec.decodePayload(TxCodec.encodePayload(both))).isEqualTo(both);
        assertThat(TxCodec.encodePayload(both)[0]).isEqualTo((byte) 38);
        assertThat(TxCodec.encodePayload(new SubmitJob(PLAIN.withRequirements(IN_EU_ON_H100), 5))[0]).isEqualTo((byte) 29);
    }

    @Test
    void zeroOrOutOfRangeMinimumsUnderTheirTagAreRefused() {
        assertThatThrownBy(() -> TxCodec.decodePayload(submitWithMinimums(0, 0))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("without them");
        assertThatThrownBy(() -> TxCodec.decodePayload(submitWithMinimums(0, 1_001))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("reputation");
        assertThatThrownBy(() -> TxCodec.decodePayload(submitWithMinimums(-1, 0))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("TFLOPS");
        // Tag 29 ends where it always did: minimums after it are trailing bytes.
        byte[] late = submitWithMinimums(100, 0);
        late[0] = 29;
        assertThatThrownBy(() -> TxCodec.decodePayload(late)).isInstanceOf(DecodeException.class);
    }

    @Test
    void badMinimumsAreRefused() {
        assertThatThrownBy(() -> new JobRequirements(List.of("H100-80GB"), 0, List.of(), List.of(), false, 0, 100, 0))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> JobRequirements.NONE.withMinimums(JobRequirements.MAX_TFLOPS + 1, 0)).hasMessageContaining("TFLOPS");
        assertThatThrownBy(() -> JobRequirements.NONE.withMinimums(0, -1)).hasMessageContaining("reputation");
        // a reputation minimum goes with named models: it asks nothing of the hardware
        assertThat(new JobRequirements(List.of("H100-80GB"), 0, List.of(), List.of(), false, 0, 0, 800).hasMinimums()).isTrue();
    }

    @Test
    void aJobsMinimumsSurviveTheStateEncodingAndAFlagWithoutRequirementsIsRefused() {
        var tenant = TestKeys.of("t").address();
        var wants = new JobRequirements(List.of(), 0, List.of("eu-west"), List.of(), false, 0, 300, 650);
        var job = Job.submitted(Hash.sha256(new byte[] {3}), tenant, PLAIN.withRequirements(wants), PLAIN.worstCaseCost(), 5);
        LedgerState state = LedgerState.empty().nextHeight().withJob(job);
        LedgerState decoded = StateCodec.decode(StateCodec.encode(state));
        assertThat(decoded.job(job.id()).orElseThrow().spec().requirements()).isEqualTo(wants);
        assertThat(decoded.root()).isEqualTo(state.root());

        // The status byte with the minimums' flag alone (0x40) names no layout.
        var plain = Job.submitted(Hash.sha256(new byte[] {4}), tenant, PLAIN, PLAIN.worstCaseCost(), 6);
        byte[] bytes = StateCodec.encode(LedgerState.empty().nextHeight().withJob(plain));
        var prefix = new ByteWriter().hash(plain.id()).address(tenant);
        ValueCodec.write(prefix, PLAIN);
        prefix.i64(plain.escrow()).i64(plain.deposited()).i64(plain.charged()).i64(plain.fees());
        int at = indexOf(bytes, prefix.toByteArray()) + prefix.toByteArray().length;
        bytes[at] = (byte) (bytes[at] | 0x40);
        assertThatThrownBy(() -> StateCodec.decode(bytes)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("minimums follow only");
    }

    private static byte[] submitWithMinimums(int minTflops, int minReputation) {
        return new ByteWriter().u8(38).text("w").i32(0).i32(1).i64(60).i64(1_000)
                .i32(0).i32(0).i32(0).i32(0).bool(false).i32(0).i32(minTflops).i32(minReputation).i64(5).toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
