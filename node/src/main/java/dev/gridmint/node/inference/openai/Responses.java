package dev.gridmint.node.inference.openai;

import dev.gridmint.workloads.serve.Generation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenAI response objects, built as ordered maps so the JSON reads as OpenAI's does. */
public final class Responses {

    private Responses() {}

    public static Map<String, Object> usage(long prompt, long completion) {
        return ordered("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion);
    }

    public static Map<String, Object> chatCompletion(String id, long created, String model, List<Generation> choices) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Generation g = choices.get(i);
            list.add(ordered("index", i, "message", ordered("role", "assistant", "content", g.text()),
                    "logprobs", null, "finish_reason", g.finishReason()));
        }
        return envelope(id, "chat.completion", created, model, list, totals(choices));
    }

    public static Map<String, Object> textCompletion(String id, long created, String model, List<Generation> choices) {
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < choices.size(); i++) {
            Generation g = choices.get(i);
            list.add(ordered("index", i, "text", g.text(), "logprobs", null, "finish_reason", g.finishReason()));
        }
        return envelope(id, "text_completion", created, model, list, totals(choices));
    }

    /** A streamed chat piece: a delta for choice {@code index}, and the finish reason on its last piece. */
    public static Map<String, Object> chatChunk(String id, long created, String model, int index, Map<String, Object> delta,
            String finishReason) {
        return envelope(id, "chat.completion.chunk", created, model,
                List.of(ordered("index", index, "delta", delta, "logprobs", null, "finish_reason", finishReason)), null);
    }

    public static Map<String, Object> textChunk(String id, long created, String model, int index, String text, String finishReason) {
        return envelope(id, "text_completion", created, model,
                List.of(ordered("index", index, "text", text, "logprobs", null, "finish_reason", finishReason)), null);
    }

    /** The last piece of a stream that asked for usage: no choices, only the totals. */
    public static Map<String, Object> usageChunk(String id, String object, long created, String model, Map<String, Object> usage) {
        return envelope(id, object, created, model, List.of(), usage);
    }

    public static Map<String, Object> embeddings(String model, List<float[]> vectors, boolean base64, long tokens) {
        List<Object> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            data.add(ordered("object", "embedding", "index", i, "embedding", base64 ? base64(vectors.get(i)) : vectors.get(i)));
        }
        return ordered("object", "list", "data", data, "model", model,
                "usage", ordered("prompt_tokens", tokens, "total_tokens", tokens));
    }

    public static Map<String, Object> model(String id, long created, String ownedBy) {
        return ordered("id", id, "object", "model", "created", created, "owned_by", ownedBy);
    }

    /** OpenAI's base64 form of a vector: little-endian float32s. */
    static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static Map<String, Object> totals(List<Generation> choices) {
        long prompt = choices.isEmpty() ? 0 : choices.getFirst().promptTokens();
        return usage(prompt, choices.stream().mapToLong(Generation::completionTokens).sum());
    }

    private static Map<String, Object> envelope(String id, String object, long created, String model, List<Object> choices,
            Map<String, Object> usage) {
        Map<String, Object> body = ordered("id", id, "object", object, "created", created, "model", model, "choices", choices);
        if (usage != null) {
            body.put("usage", usage);
        }
        return body;
    }

    static Map<String, Object> ordered(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
