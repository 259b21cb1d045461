package dev.gridmint.node.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UploadStatementTest {

    private static final Keypair ALICE = TestKeys.of("alice");
    private static final Hash SHA = Hash.sha256(new byte[] {42});
    private static final Hash JOB = Hash.sha256(new byte[] {7});

    private static UploadStatement statement(String network, long size) {
        return new UploadStatement(network, SHA, size, Optional.of(JOB), ArtifactKind.CHECKPOINT, "step-100.ckpt",
                1_800_000_000L, "0123456789abcdef0123456789abcdef");
    }

    @Test
    void aSignedStatementSurvivesItsHeadersAndVerifies() {
        var signed = statement("net", 1_000).sign(ALICE);

        var read = UploadStatement.fromHeaders("net", SHA, signed.headers()::get);

        assertThat(read.statement()).isEqualTo(signed.statement());
        assertThat(read.signer()).isEqualTo(ALICE.address());
        assertThat(read.verifies()).isTrue();
    }

    @Test
    void aSignatureDoesNotCoverAnotherSizeHashOrNetwork() {
        var headers = statement("net", 1_000).sign(ALICE).headers();
        var resized = new java.util.HashMap<>(headers);
        resized.put(UploadStatement.SIZE, "1001");

        assertThat(UploadStatement.fromHeaders("net", SHA, resized::get).verifies()).isFalse();
        assertThat(UploadStatement.fromHeaders("net", Hash.sha256(new byte[] {43}), headers::get).verifies()).isFalse();
        assertThat(UploadStatement.fromHeaders("other-net", SHA, headers::get).verifies()).isFalse();
    }

    @Test
    void malformedHeadersAreRefusedWithTheirName() {
        var headers = new java.util.HashMap<>(statement("net", 1).sign(ALICE).headers());
        headers.remove(UploadStatement.NONCE);
        assertThatThrownBy(() -> UploadStatement.fromHeaders("net", SHA, headers::get)).hasMessageContaining(UploadStatement.NONCE);

        assertThatThrownBy(() -> new UploadStatement("net", SHA, 1, Optional.empty(), ArtifactKind.OUTPUT, "../etc/passwd",
                1L, "0123456789abcdef")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ArtifactKind.parse("weights")).isInstanceOf(IllegalArgumentException.class);
    }
}
