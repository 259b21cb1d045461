package dev.gridmint.node.inference.openai;

import java.util.List;

/** The three request kinds the API serves, as parsed by {@link RequestParser}. */
public sealed interface InferenceRequest {

    String model();

    /** The generation options of a chat or completion request; empty for embeddings, which generate nothing. */
    default java.util.Optional<Options> generation() {
        return switch (this) {
            case Chat c -> java.util.Optional.of(c.options());
            case Completion c -> java.util.Optional.of(c.options());
            case Embeddings e -> java.util.Optional.empty();
        };
    }

    /** {@code POST /v1/chat/completions}: the conversation is flattened to one prompt for the model. */
    record Chat(String model, List<Message> messages, Options options) implements InferenceRequest {}

    /** {@code POST /v1/completions}. */
    record Completion(String model, String prompt, Options options) implements InferenceRequest {}

    /** {@code POST /v1/embeddings}. */
    record Embeddings(String model, List<String> inputs, boolean base64) implements InferenceRequest {}

    record Message(String role, String content) {}

    /**
     * The generation options shared by chat and completions; {@code seed} is empty when the client
     * left it to the server, and {@code includeUsage} asks for the final usage chunk of a stream.
     */
    record Options(int maxTokens, double temperature, double topP, java.util.OptionalLong seed, List<String> stop, int n,
            boolean stream, boolean includeUsage) {}
}
