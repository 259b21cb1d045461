package dev.gridmint.node.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.testing.TestKeys;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HardwareAttestationTest {

    private static final Keypair PROVIDER = TestKeys.of("provider-1");
    private static final Keypair OTHER = TestKeys.of("provider-2");
    private static final AgentMessage.Challenge CHALLENGE = new AgentMessage.Challenge("gridmint-test", "00112233445566778899aabbccddeeff");
    private static final List<String> GPUS = List.of("GPU-6018366c-f658-f7a7-5ed3-4fe53a096533", "GPU-852a5fba-444a-df42-b37f-5722051e2670");
    private static final String FINGERPRINT = "ab".repeat(32);

    @Test
    void aReportSignedOnThisConnectionByItsProviderIsAccepted() {
        var report = HardwareAttestation.sign(PROVIDER, CHALLENGE, GPUS, FINGERPRINT);

        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), report)).isEmpty();
    }

    @Test
    void measurementsTravelUnderTheSameSignatureAndCannotBeInflated() {
        var measured = new AgentMessage.Measured(940, 310, 120, 500);
        var report = HardwareAttestation.sign(PROVIDER, CHALLENGE, GPUS, FINGERPRINT, measured);
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), report)).isEmpty();

        var inflated = new AgentMessage.HardwareReport(report.address(), GPUS, FINGERPRINT, report.signature(), null,
                new AgentMessage.Measured(94_000, 310, 120, 500));
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), inflated)).hasValueSatisfying(
                problem -> assertThat(problem).contains("signature"));
        var stripped = new AgentMessage.HardwareReport(report.address(), GPUS, FINGERPRINT, report.signature());
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), stripped)).isPresent();
        var absurd = HardwareAttestation.sign(PROVIDER, CHALLENGE, GPUS, FINGERPRINT, new AgentMessage.Measured(-1, 0, 0, 0));
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), absurd)).hasValueSatisfying(
                problem -> assertThat(problem).contains("out of range"));
    }

    @Test
    void aReportFromAnotherConnectionOrKeyOrAlteredIsRefused() {
        var report = HardwareAttestation.sign(PROVIDER, CHALLENGE, GPUS, FINGERPRINT);
        var otherConnection = new AgentMessage.Challenge("gridmint-test", "ffeeddccbbaa99887766554433221100");

        assertThat(HardwareAttestation.problem(otherConnection, PROVIDER.address(), report)).hasValueSatisfying(
                problem -> assertThat(problem).contains("signature"));
        assertThat(HardwareAttestation.problem(CHALLENGE, OTHER.address(), report)).hasValueSatisfying(
                problem -> assertThat(problem).contains("not this connection's provider"));
        var dropped = new AgentMessage.HardwareReport(report.address(), GPUS.subList(0, 1), FINGERPRINT, report.signature());
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), dropped)).hasValueSatisfying(
                problem -> assertThat(problem).contains("signature"));
        var signedByOther = HardwareAttestation.sign(OTHER, CHALLENGE, GPUS, FINGERPRINT);
        var claimed = new AgentMessage.HardwareReport(PROVIDER.address().toString(), GPUS, FINGERPRINT, signedByOther.signature());
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), claimed)).isPresent();
    }

    @Test
    void malformedReportsAreRefusedBeforeTheSignatureIsChecked() {
        assertThat(problem(List.of("GPU-1; DROP TABLE"), FINGERPRINT)).contains("not a GPU UUID");
        assertThat(problem(List.of("GPU-1", "GPU-1"), FINGERPRINT)).contains("listed twice");
        assertThat(problem(Collections.nCopies(HardwareAttestation.MAX_GPUS + 1, "GPU-1"), FINGERPRINT)).contains("at most");
        assertThat(problem(GPUS, "AB".repeat(32))).contains("fingerprint");
        assertThat(problem(GPUS, "ab")).contains("fingerprint");
        var garbled = new AgentMessage.HardwareReport(PROVIDER.address().toString(), GPUS, FINGERPRINT, "***");
        assertThat(HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), garbled)).hasValue("the signature is not base64");
    }

    private static String problem(List<String> gpus, String fingerprint) {
        var report = HardwareAttestation.sign(PROVIDER, CHALLENGE, gpus, fingerprint);
        return HardwareAttestation.problem(CHALLENGE, PROVIDER.address(), report).orElseThrow();
    }
}
