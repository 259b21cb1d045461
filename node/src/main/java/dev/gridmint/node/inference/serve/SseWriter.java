package dev.gridmint.node.inference.serve;

import dev.gridmint.node.inference.openai.InferenceRequest.Options;
import dev.gridmint.node.inference.openai.Responses;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.service.ServiceCall;
import dev.gridmint.workloads.serve.ChatModel;
import dev.gridmint.workloads.serve.Generation;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Streams a generation as OpenAI does: one {@code data:} event per token, then the finish, the usage if asked, and {@code [DONE]}. */
final class SseWriter {

    private final ServiceCall call;
    private final String id;
    private final long created;
    private final String model;
    private final boolean chat;
    private final UnaryOperator<String> firstToken;
    private OutputStream out;

    /** {@code firstToken} is applied to each choice's first token: identity, but for a cheating server (TEST ONLY). */
    SseWriter(ServiceCall call, String id, long created, String model, boolean chat, UnaryOperator<String> firstToken) {
        this.call = call;
        this.id = id;
        this.created = created;
        this.model = model;
        this.chat = chat;
        this.firstToken = firstToken;
    }

    void stream(ChatModel generator, String prompt, Options options, long seed) {
        try {
            out = call.stream(200, Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache"));
            long prompted = 0;
            long completed = 0;
            for (int i = 0; i < options.n(); i++) {
                int index = i;
                if (chat) {
                    event(Responses.chatChunk(id, created, model, index, Map.of("role", "assistant", "content", ""), null));
                }
                var first = new boolean[] {true};
                Generation generation = generator.generate(prompt, ModelServer.sampling(options, seed + i), generated -> {
                    String token = first[0] ? firstToken.apply(generated) : generated;
                    first[0] = false;
                    event(chat ? Responses.chatChunk(id, created, model, index, Map.of("content", token), null)
                            : Responses.textChunk(id, created, model, index, token, null));
                });
                event(chat ? Responses.chatChunk(id, created, model, index, Map.of(), generation.finishReason())
                        : Responses.textChunk(id, created, model, index, "", generation.finishReason()));
                prompted = generation.promptTokens();
                completed += generation.completionTokens();
            }
            if (options.includeUsage()) {
                event(Responses.usageChunk(id, chat ? "chat.completion.chunk" : "text_completion", created, model,
                        Responses.usage(prompted, completed)));
            }
            write("data: [DONE]\n\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void event(Map<String, Object> body) {
        write("data: " + Json.write(body) + "\n\n");
    }

    private void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            // The client left: generation stops with the stream.
            throw new UncheckedIOException(e);
        }
    }
}
