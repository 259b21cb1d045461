package dev.gridmint.node.inference.openai;

import dev.gridmint.node.inference.openai.InferenceRequest.Chat;
import dev.gridmint.node.inference.openai.InferenceRequest.Completion;
import dev.gridmint.node.inference.openai.InferenceRequest.Embeddings;
import dev.gridmint.node.inference.openai.InferenceRequest.Message;
import dev.gridmint.node.inference.openai.InferenceRequest.Options;
import dev.gridmint.node.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads OpenAI request bodies strictly: a parameter we do not know or do not honour is refused by
 * name, as OpenAI refuses one it does not recognise, rather than silently ignored; every list and
 * text has a limit.
 */
public final class RequestParser {

    public static final int MAX_TOKENS = 4_096;
    public static final int MAX_N = 8;
    public static final int MAX_MESSAGES = 256;
    public static final int MAX_TEXT_CHARS = 64 * 1024;
    public static final int MAX_INPUTS = 256;
    public static final int MAX_STOPS = 4;
    private static final int DEFAULT_CHAT_TOKENS = 256;
    private static final int DEFAULT_COMPLETION_TOKENS = 16;

    private static final Set<String> GENERATION = Set.of("model", "max_tokens", "temperature", "top_p", "seed", "stop", "n",
            "stream", "stream_options", "user");
    private static final Set<String> CHAT = union(GENERATION, Set.of("messages", "max_completion_tokens"));
    private static final Set<String> COMPLETION = union(GENERATION, Set.of("prompt"));
    private static final Set<String> EMBEDDINGS = Set.of("model", "input", "encoding_format", "user");

    private RequestParser() {}

    public static Chat chat(byte[] body) {
        JsonNode root = object(body, CHAT);
        JsonNode messages = root.path("messages");
        if (!messages.isArray() || messages.isEmpty() || messages.size() > MAX_MESSAGES) {
            throw OpenAiException.invalid("messages", "messages must be a non-empty array of at most " + MAX_MESSAGES);
        }
        List<Message> parsed = new ArrayList<>();
        int chars = 0;
        for (JsonNode message : messages) {
            String role = string(message.path("role"), "messages.role");
            if (!Set.of("system", "developer", "user", "assistant").contains(role)) {
                throw OpenAiException.invalid("messages.role", "unsupported role '" + role + "'");
            }
            String content = content(message.path("content"));
            chars += content.length();
            parsed.add(new Message(role, content));
        }
        if (chars > MAX_TEXT_CHARS) {
            throw OpenAiException.invalid("messages", "the messages hold more than " + MAX_TEXT_CHARS + " characters");
        }
        String limitField = root.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        return new Chat(model(root), parsed, options(root, limitField, DEFAULT_CHAT_TOKENS));
    }

    public static Completion completion(byte[] body) {
        JsonNode root = object(body, COMPLETION);
        String prompt = string(root.path("prompt"), "prompt");
        if (prompt.length() > MAX_TEXT_CHARS) {
            throw OpenAiException.invalid("prompt", "the prompt holds more than " + MAX_TEXT_CHARS + " characters");
        }
        return new Completion(model(root), prompt, options(root, "max_tokens", DEFAULT_COMPLETION_TOKENS));
    }

    public static Embeddings embeddings(byte[] body) {
        JsonNode root = object(body, EMBEDDINGS);
        JsonNode input = root.path("input");
        List<String> inputs = new ArrayList<>();
        if (input.isString()) {
            inputs.add(input.stringValue());
        } else if (input.isArray() && !input.isEmpty() && input.size() <= MAX_INPUTS) {
            input.forEach(item -> inputs.add(string(item, "input")));
        } else {
            throw OpenAiException.invalid("input", "input is a string or an array of 1 to " + MAX_INPUTS + " strings");
        }
        if (inputs.stream().mapToInt(String::length).sum() > MAX_TEXT_CHARS) {
            throw OpenAiException.invalid("input", "the input holds more than " + MAX_TEXT_CHARS + " characters");
        }
        String format = root.has("encoding_format") ? string(root.path("encoding_format"), "encoding_format") : "float";
        if (!format.equals("float") && !format.equals("base64")) {
            throw OpenAiException.invalid("encoding_format", "encoding_format is 'float' or 'base64'");
        }
        return new Embeddings(model(root), List.copyOf(inputs), format.equals("base64"));
    }

    private static Options options(JsonNode root, String limitField, int defaultTokens) {
        int maxTokens = root.has(limitField) ? (int) integer(root.path(limitField), limitField, 1, MAX_TOKENS) : defaultTokens;
        double temperature = number(root, "temperature", 0, 2, 1);
        double topP = number(root, "top_p", 0, 1, 1);
        if (topP == 0) {
            throw OpenAiException.invalid("top_p", "top_p must be above 0");
        }
        OptionalLong seed = root.has("seed") ? OptionalLong.of(integer(root.path("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE))
                : OptionalLong.empty();
        int n = root.has("n") ? (int) integer(root.path("n"), "n", 1, MAX_N) : 1;
        boolean stream = root.has("stream") && bool(root.path("stream"), "stream");
        boolean includeUsage = false;
        if (root.has("stream_options") && !root.path("stream_options").isNull()) {
            JsonNode options = root.path("stream_options");
            if (!options.isObject() || !stream) {
                throw OpenAiException.invalid("stream_options", "stream_options is an object, and only with stream: true");
            }
            for (String name : options.propertyNames()) {
                if (!name.equals("include_usage")) {
                    throw OpenAiException.invalid("stream_options." + name, "unsupported stream option '" + name + "'");
                }
            }
            includeUsage = options.has("include_usage") && bool(options.path("include_usage"), "stream_options.include_usage");
        }
        return new Options(maxTokens, temperature, topP, seed, stops(root.path("stop")), n, stream, includeUsage);
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop.isMissingNode() || stop.isNull()) {
            return stops;
        }
        if (stop.isString()) {
            stops.add(stop.stringValue());
        } else if (stop.isArray() && stop.size() <= MAX_STOPS) {
            stop.forEach(item -> stops.add(string(item, "stop")));
        } else {
            throw OpenAiException.invalid("stop", "stop is a string or an array of at most " + MAX_STOPS + " strings");
        }
        if (stops.stream().anyMatch(s -> s.isEmpty() || s.length() > 64)) {
            throw OpenAiException.invalid("stop", "a stop sequence has 1 to 64 characters");
        }
        return List.copyOf(stops);
    }

    private static JsonNode object(byte[] body, Set<String> allowed) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw OpenAiException.invalid(null, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw OpenAiException.invalid(null, "the body is a JSON object");
        }
        for (String name : root.propertyNames()) {
            if (!allowed.contains(name)) {
                throw OpenAiException.invalid(name, "Unrecognized request argument supplied: " + name);
            }
        }
        return root;
    }

    private static String model(JsonNode root) {
        String model = string(root.path("model"), "model");
        if (model.isEmpty() || model.length() > 128) {
            throw OpenAiException.invalid("model", "model names have 1 to 128 characters");
        }
        return model;
    }

    private static String content(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        if (content.isArray()) {
            var text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asString())) {
                    throw OpenAiException.invalid("messages.content", "only text content parts are supported");
                }
                text.append(string(part.path("text"), "messages.content.text"));
            }
            return text.toString();
        }
        throw OpenAiException.invalid("messages.content", "content is a string or an array of text parts");
    }

    private static String string(JsonNode node, String param) {
        if (!node.isString()) {
            throw OpenAiException.invalid(param, param + " must be a string");
        }
        return node.stringValue();
    }

    private static boolean bool(JsonNode node, String param) {
        if (!node.isBoolean()) {
            throw OpenAiException.invalid(param, param + " must be true or false");
        }
        return node.booleanValue();
    }

    private static long integer(JsonNode node, String param, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw OpenAiException.invalid(param, param + " must be an integer from " + min + " to " + max);
        }
        return node.longValue();
    }

    private static double number(JsonNode root, String param, double min, double max, double fallback) {
        JsonNode node = root.path(param);
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isNumber() || !(node.doubleValue() >= min && node.doubleValue() <= max)) {
            throw OpenAiException.invalid(param, param + " must be a number from " + min + " to " + max);
        }
        return node.doubleValue();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        var all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
