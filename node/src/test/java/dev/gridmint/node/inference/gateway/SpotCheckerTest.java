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
                {"model":"m","messages":[{"role":"user","content":"x"}],"seed":4,"stream":true}""")))).as("streamed, seeded").isTrue();
    }

    @Test
    void aDrawnStreamsTextsArePutTogetherFromItsEventsAsTheWholeAnswerHasThem() {
        var checker = new SpotChecker(new Hash(new byte[32]), 1, () -> null, model -> List.of(), null, InstantSource.system());
        var chat = RequestParser.chat(utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"seed":4,"n":2,"stream":true}"""));
        SpotChecker.StreamCapture capture = checker.streaming(chat, "/v1/chat/completions", utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"seed":4,"n":2,"stream":true}""")).orElseThrow();
        List<Object> events = List.of(
                Responses.chatChunk("id", 0, "m", 0, java.util.Map.of("role", "assistant", "content", ""), null),
                Responses.chatChunk("id", 0, "m", 0, java.util.Map.of("content", "em"), null),
                Responses.chatChunk("id", 0, "m", 1, java.util.Map.of("role", "assistant", "content", ""), null),
                Responses.chatChunk("id", 0, "m", 1, java.util.Map.of("content", "av"), null),
                Responses.chatChunk("id", 0, "m", 0, java.util.Map.of("content", "ma"), null),
                Responses.chatChunk("id", 0, "m", 1, java.util.Map.of("content", "a"), null),
                Responses.chatChunk("id", 0, "m", 0, java.util.Map.of(), "stop"),
                Responses.usageChunk("id", "chat.completion.chunk", 0, "m", Responses.usage(1, 9)));
        events.forEach(event -> capture.event("data: " + Json.write(event) + "\n\n"));
        capture.event("data: [DONE]\n\n");

        byte[] whole = utf8(Json.write(Responses.chatCompletion("id", 0, "m",
                List.of(new Generation("emma", 1, 5, "stop"), new Generation("ava", 1, 4, "stop")))));
        assertThat(capture.output()).isEqualTo(SpotChecker.output(chat, whole));

        var completion = RequestParser.completion(utf8("""
                {"model":"m","prompt":"x","temperature":0,"stream":true}"""));
        SpotChecker.StreamCapture text = checker.streaming(completion, "/v1/completions", utf8("""
                {"model":"m","prompt":"x","temperature":0,"stream":true}""")).orElseThrow();
        text.event("data: " + Json.write(Responses.textChunk("id", 0, "m", 0, "li", null)) + "\n\n");
        text.event("data: " + Json.write(Responses.textChunk("id", 0, "m", 0, "am", "stop")) + "\n\n");
        assertThat(text.output()).isEqualTo(new Output.Texts(List.of("liam")));
        assertThat(checker.streaming(RequestParser.chat(utf8("""
                {"model":"m","messages":[{"role":"user","content":"x"}],"stream":true}""")), "/v1/chat/completions", utf8("{}")))
                .as("a sampled stream is not eligible").isEmpty();
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
