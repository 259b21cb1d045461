package dev.gridmint.workloads.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.workloads.diloco.DeltaCheck;
import dev.gridmint.workloads.diloco.DeltaMessage;
import dev.gridmint.workloads.diloco.Encoding;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** The worker's own parsers, its JDK signing and its test-only cheats. */
class WorkerPartsTest {

    @Test
    void flatJsonReadsTheServicesAnswersAndRefusesAnythingElse() {
        FlatJson json = FlatJson.parse("{\"state\":\"work\", \"round\":3,\"theta\":\"a\\\"b\"}");
        assertThat(json.text("state")).isEqualTo("work");
        assertThat(json.integer("round")).isEqualTo(3);
        assertThat(json.text("theta")).isEqualTo("a\"b");
        assertThat(Assignment.parse(FlatJson.parse("{\"state\":\"wait\"}"))).isEqualTo(new Assignment.Wait());
        for (String bad : List.of("", "[]", "{\"a\":{}}", "{\"a\":1,\"a\":2}", "{\"a\":1} x", "{\"a\":\"\\n\"}",
                "{\"a\":true}", "{\"a\":1,}")) {
            assertThatThrownBy(() -> FlatJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Assignment.parse(FlatJson.parse("{\"state\":\"fly\"}")))
                .hasMessageContaining("unknown state");
        assertThatThrownBy(() -> FlatJson.parse("{\"a\":\"" + "x".repeat(FlatJson.MAX_CHARS) + "\"}"))
                .hasMessageContaining("characters");
    }

    @Test
    void aKeypairFileSignsWhatItsPublicKeyVerifies() throws Exception {
        var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] der = pair.getPrivate().getEncoded();
        byte[] seed = Arrays.copyOfRange(der, der.length - 32, der.length);
        StringJoiner file = new StringJoiner(",", "[", "]");
        for (int i = 0; i < 64; i++) {
            file.add(Integer.toString(i < 32 ? seed[i] & 0xff : 0)); // the public half is not used to sign
        }
        byte[] message = TrainingAuth.signedBytes("s-1", TrainingAuth.Action.DELTA, 2, 5, new byte[] {1, 2});

        byte[] signature = WorkerKey.of(WorkerKey.parse(file.toString())).sign(message);

        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify((EdECPublicKey) pair.getPublic());
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
        for (String bad : List.of("[1,2]", "{}", "[" + "256,".repeat(63) + "1]", "[" + "-1,".repeat(63) + "1]")) {
            assertThatThrownBy(() -> WorkerKey.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theSignedBytesBindSessionActionWorkerRoundAndBody() {
        byte[] base = TrainingAuth.signedBytes("s", TrainingAuth.Action.DELTA, 1, 2, new byte[] {9});
        assertThat(List.of(
                TrainingAuth.signedBytes("t", TrainingAuth.Action.DELTA, 1, 2, new byte[] {9}),
                TrainingAuth.signedBytes("s", TrainingAuth.Action.CHECKIN, 1, 2, new byte[] {9}),
                TrainingAuth.signedBytes("s", TrainingAuth.Action.DELTA, 3, 2, new byte[] {9}),
                TrainingAuth.signedBytes("s", TrainingAuth.Action.DELTA, 1, 4, new byte[] {9}),
                TrainingAuth.signedBytes("s", TrainingAuth.Action.DELTA, 1, 2, new byte[] {8})))
                .noneMatch(other -> Arrays.equals(other, base));
    }

    @Test
    void cheatsMakeDeltasThatTheChecksReject() {
        double[] delta = new double[300];
        Arrays.fill(delta, 0.01);
        DeltaCheck check = new DeltaCheck(1_000.0, 4.0, 1_000_000);
        for (Encoding encoding : Encoding.values()) {
            DeltaMessage honest = DeltaMessage.of(0, 1, 1, 32, encoding, delta);
            assertThat(Cheat.NONE.apply(honest, delta)).isSameAs(honest);
            assertThat(reason(check, Cheat.NAN.apply(honest, delta))).isEqualTo("non_finite");
            assertThat(reason(check, Cheat.HUGE.apply(honest, delta))).isEqualTo("norm_above_cap");
        }
    }

    private static String reason(DeltaCheck check, DeltaMessage message) {
        return switch (check.check(0, 300, List.of(message)).getFirst()) {
            case DeltaCheck.Verdict.Rejected r -> r.reason().code();
            case DeltaCheck.Verdict.Accepted a -> "accepted";
        };
    }
}
