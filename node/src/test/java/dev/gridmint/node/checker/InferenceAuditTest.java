package dev.gridmint.node.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Reputation;
import dev.gridmint.node.api.SpotCheckView;
import dev.gridmint.node.json.Json;
import dev.gridmint.verify.spotcheck.InferenceCheck.Evidence;
import dev.gridmint.verify.spotcheck.InferenceCheck.Outcome;
import dev.gridmint.verify.spotcheck.InferenceCheck.Output;
import dev.gridmint.verify.spotcheck.InferenceCheck.Party;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InferenceAuditTest {

    private static final SplittableRandom KEYS = new SplittableRandom(5);
    private static final Address CHEATER = Keypair.generate(KEYS).address();
    private static final Address HONEST = Keypair.generate(KEYS).address();
    private static final Address REFEREE = Keypair.generate(KEYS).address();
    private static final Hash REQUEST = Hash.sha256("request".getBytes(StandardCharsets.UTF_8));
    private static final Hash MODEL = Hash.sha256("model".getBytes(StandardCharsets.UTF_8));
    private static final Output RIGHT = new Output.Vectors(List.of(new float[] {0.1f, 0.2f}));
    private static final Output ALTERED = new Output.Vectors(List.of(new float[] {0.11f, 0.21f}));

    private static SpotCheckView caught(Outcome claimed) {
        var evidence = new Evidence(REQUEST, "all-minilm-l6-v2", MODEL, new Party(CHEATER, ALTERED.hash()), new Party(HONEST, RIGHT.hash()),
                Optional.of(new Party(REFEREE, RIGHT.hash())), claimed);
        return SpotCheckView.of(1, 0, "/v1/embeddings", false, evidence, ALTERED, RIGHT, Optional.of(RIGHT));
    }

    @Test
    void aRefereedMismatchScoresTheCheaterZeroAndTheOthersFullAfterTheJsonRoundTrip() {
        SpotCheckView view = Json.MAPPER.readValue(Json.write(caught(Outcome.ORIGINAL_AT_FAULT)), SpotCheckView.class);
        var finding = (InferenceAudit.Finding.Scores) InferenceAudit.judge(view);
        assertThat(finding.evidence().hex()).isEqualTo(view.evidence());
        assertThat(finding.scores()).containsExactly(new InferenceAudit.Score(CHEATER, 0, "ALTERED_OUTPUT"),
                new InferenceAudit.Score(HONEST, Reputation.MAX, "OUTPUT_REPRODUCED"),
                new InferenceAudit.Score(REFEREE, Reputation.MAX, "OUTPUT_REPRODUCED"));
    }

    @Test
    void anOutcomeTheOutputsDoNotGiveOrAForgedEvidenceHashIsNotSigned() {
        assertThat(InferenceAudit.judge(caught(Outcome.RERUN_AT_FAULT))).isInstanceOf(InferenceAudit.Finding.Inconsistent.class);
        SpotCheckView honest = caught(Outcome.ORIGINAL_AT_FAULT);
        SpotCheckView forged = new SpotCheckView(honest.seq(), honest.at(), honest.path(), honest.streamed(), honest.request(), honest.model(),
                honest.modelHash(), honest.outcome(), "00".repeat(32), honest.original(), honest.rerun(), honest.referee());
        assertThat(InferenceAudit.judge(forged)).isInstanceOf(InferenceAudit.Finding.Inconsistent.class);
        SpotCheckView swapped = new SpotCheckView(honest.seq(), honest.at(), honest.path(), honest.streamed(), honest.request(), honest.model(),
                honest.modelHash(), honest.outcome(), honest.evidence(), honest.rerun(), honest.original(), honest.referee());
        assertThat(InferenceAudit.judge(swapped)).isInstanceOf(InferenceAudit.Finding.Inconsistent.class);
    }
}
