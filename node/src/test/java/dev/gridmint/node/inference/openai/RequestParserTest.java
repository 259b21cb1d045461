package dev.gridmint.node.inference.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    @Test
    void readsAChatWithEveryHonouredOption() {
        var chat = RequestParser.chat(bytes("""
                {"model":"m","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],
                 "max_completion_tokens":5,"temperature":0.5,"top_p":0.9,"seed":-3,"stop":["\\n","x"],"n":2,
                 "stream":true,"stream_options":{"include_usage":true},"user":"u1"}"""));
        assertThat(chat.model()).isEqualTo("m");
        assertThat(chat.messages()).extracting(InferenceRequest.Message::content).containsExactly("be brief", "hi");
        var options = chat.options();
        assertThat(options.maxTokens()).isEqualTo(5);
        assertThat(options.temperature()).isEqualTo(0.5);
        assertThat(options.topP()).isEqualTo(0.9);
        assertThat(options.seed()).hasValue(-3);
        assertThat(options.stop()).containsExactly("\n", "x");
        assertThat(options.n()).isEqualTo(2);
        assertThat(options.stream()).isTrue();
        assertThat(options.includeUsage()).isTrue();
    }

    @Test
    void fillsOpenAisDefaults() {
        var completion = RequestParser.completion(bytes("{\"model\":\"m\",\"prompt\":\"x\"}"));
        assertThat(completion.options().maxTokens()).isEqualTo(16);
        assertThat(completion.options().temperature()).isEqualTo(1.0);
        assertThat(completion.options().seed()).isEmpty();
        assertThat(completion.options().stop()).isEmpty();
        var embeddings = RequestParser.embeddings(bytes("{\"model\":\"e\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"base64\"}"));
        assertThat(embeddings.inputs()).containsExactly("a", "b");
        assertThat(embeddings.base64()).isTrue();
    }

    @Test
    void refusesBadInputNamingTheParameter() {
        for (var bad : List.of(
                List.of("{\"model\":\"m\",\"messages\":[]}", "messages"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":3}", "temperature"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_p\":0}", "top_p"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":9}", "n"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}", "max_tokens"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]}", "stop"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "messages.role"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":{\"include_usage\":true}}",
                        "stream_options"),
                List.of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[]}", "tools"),
                List.of("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "model"))) {
            assertThatThrownBy(() -> RequestParser.chat(bytes(bad.get(0)))).as(bad.get(0))
                    .isInstanceOfSatisfying(OpenAiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(((java.util.Map<?, ?>) e.body().get("error")).get("param")).isEqualTo(bad.get(1));
                    });
        }
        assertThatThrownBy(() -> RequestParser.chat(bytes("[1,2]"))).isInstanceOf(OpenAiException.class);
        assertThatThrownBy(() -> RequestParser.chat(bytes("{"))).isInstanceOf(OpenAiException.class);
        assertThatThrownBy(() -> RequestParser.embeddings(bytes("{\"model\":\"e\",\"input\":[]}"))).isInstanceOf(OpenAiException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
