package dev.gridmint.workloads.diloco;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoundManifestTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static final RoundManifest MANIFEST = new RoundManifest(7, -3, 50, A, B,
            List.of(new RoundPlan.Assignment(0, 2, 350), new RoundPlan.Assignment(4, 0, 350)),
            List.of(new RoundManifest.DeltaRef(0, 2, 1600, A)),
            List.of(new RoundManifest.RejectedRef(4, B, "non_finite")), List.of(), List.of(5, 6), A, B);

    @Test
    void itRoundTripsThroughItsCanonicalText() {
        String text = new String(MANIFEST.toBytes(), StandardCharsets.US_ASCII);

        assertThat(text).isEqualTo("""
                gridmint-diloco-manifest=1
                round=7
                seed=-3
                inner_steps=50
                theta_before=%1$s
                theta=%2$s
                assignments=0:2@350,4:0@350
                accepted=0:2:1600:%1$s
                rejected=4:non_finite:%2$s
                late=
                missing=5,6
                update=%1$s
                optimizer=%2$s
                """.formatted(A, B));
        assertThat(RoundManifest.parse(MANIFEST.toBytes())).isEqualTo(new Parsed.Ok<>(MANIFEST));
    }

    @Test
    void anythingButTheCanonicalFormIsRefused() {
        String text = new String(MANIFEST.toBytes(), StandardCharsets.US_ASCII);

        assertThat(code(text.replace("round=7", "round=+7"))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.replace("round=7", "round=07"))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.replace("round=7", "round=x"))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.replace("theta=" + B, "theta=" + B.toUpperCase()))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.replace("0:2@350", "0:2"))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.replace("seed=-3\ninner_steps=50", "inner_steps=50\nseed=-3")))
                .isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.substring(0, text.length() - 1))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text + "extra=1\n")).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(code(text.replace("manifest=1", "manifest=2"))).isEqualTo(Parsed.Code.BAD_HEADER);
        assertThat(code(text.replace("missing=5,6", "missing=5,é"))).isEqualTo(Parsed.Code.BAD_FIELD);
        assertThat(RoundManifest.parse(new byte[RoundManifest.MAX_BYTES + 1]))
                .isInstanceOfSatisfying(Parsed.Invalid.class, i -> assertThat(i.code()).isEqualTo(Parsed.Code.TOO_LARGE));
    }

    private static Parsed.Code code(String text) {
        return switch (RoundManifest.parse(text.getBytes(StandardCharsets.UTF_8))) {
            case Parsed.Ok<RoundManifest> ok -> null;
            case Parsed.Invalid<RoundManifest> invalid -> invalid.code();
        };
    }
}
