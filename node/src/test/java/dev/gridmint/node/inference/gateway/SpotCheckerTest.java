package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.inference.openai.RequestParser;
import dev.gridmint.node.inference.openai.Responses;
import dev.gridmint.node.json.Json;
import dev.gridmint.verify.spotcheck.InferenceCheck;
import dev.gridmint.verify.spotcheck.InferenceCheck.Output;
import dev.gridmint.workloads.serve.Generation;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpotCheckerTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyRequestsThatFixTheirOutputAreEligible() {
        assertThat(SpotChecker.eligible(RequestParser.chat(utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"seed":4}""")))).isTrue();
        assertThat(SpotChecker.eligible(RequestParser.completion(utf8("""
                {"model":"m","prompt":"x","temperature":0}""")))).isTrue();
        assertThat(SpotChecker.eligible(RequestParser.embeddings(utf8("""
                {"model":"m","input":"x"}""")))).isTrue();
        assertThat(SpotChecker.eligible(RequestParser.chat(utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}]}""")))).as("no seed, sampled").isFalse();
        assertThat(SpotChecker.eligible(RequestParser.chat(utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"seed":4,"stream":true}""")))).as("streamed").isFalse();
    }

    @Test
    void readsTheComparedOutputOfEachAnswerKindAndBase64EmbeddingsAsFloats() {
        var chat = RequestParser.chat(utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"seed":4,"n":2}"""));
        byte[] answer = utf8(Json.write(Responses.chatCompletion("id", 0, "m",
                List.of(new Generation("emma", 1, 5, "stop"), new Generation("ava", 1, 4, "stop")))));
        assertThat(SpotChecker.output(chat, answer)).isEqualTo(new Output.Texts(List.of("emma", "ava")));

        float[] vector = {0.25f, -1.5f, 3.0f};
        var plain = RequestParser.embeddings(utf8("""
                {"model":"m","input":"x"}"""));
        var base64 = RequestParser.embeddings(utf8("""
                {"model":"m","input":"x","encoding_format":"base64"}"""));
        Output fromFloats = SpotChecker.output(plain, utf8(Json.write(Responses.embeddings("m", List.of(vector), false, 1))));
        Output fromBase64 = SpotChecker.output(base64, utf8(Json.write(Responses.embeddings("m", List.of(vector), true, 1))));
        assertThat(fromFloats.hash()).isEqualTo(fromBase64.hash());
        assertThat(InferenceCheck.agree(fromFloats, fromBase64)).isTrue();
    }

    @Test
    void refusesAFractionOutsideZeroToOne() {
        assertThatThrownBy(() -> new SpotChecker(new Hash(new byte[32]), 1.5, () -> null, model -> List.of(), null,
                InstantSource.system())).isInstanceOf(IllegalArgumentException.class);
    }
}
