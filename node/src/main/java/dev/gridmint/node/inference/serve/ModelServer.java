package dev.gridmint.node.inference.serve;

import com.sun.net.httpserver.HttpServer;
import dev.gridmint.node.inference.openai.InferenceRequest;
import dev.gridmint.node.inference.openai.InferenceRequest.Options;
import dev.gridmint.node.inference.openai.OpenAiException;
import dev.gridmint.node.inference.openai.RequestParser;
import dev.gridmint.node.inference.openai.Responses;
import dev.gridmint.node.json.Json;
import dev.gridmint.node.service.HttpExchangeCall;
import dev.gridmint.node.service.LocalService;
import dev.gridmint.node.service.ServiceCall;
import dev.gridmint.workloads.serve.ChatModel;
import dev.gridmint.workloads.serve.EmbeddingModel;
import dev.gridmint.workloads.serve.Generation;
import dev.gridmint.workloads.serve.Sampling;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * An inference job's HTTP server: one model, the OpenAI API, on a loopback port that only the agent's
 * port tunnel reaches. It runs in the agent's JVM on virtual threads (the JDK's own server, no extra
 * dependency): the weights load once per job and no process start sits between a lease and the first answer.
 */
public final class ModelServer implements LocalService, AutoCloseable {

    static final int MAX_BODY_BYTES = 256 * 1024;
    /** Connections waiting to be accepted (0 meant the JDK's 50): the tunnel opens one per concurrent request. */
    static final int ACCEPT_QUEUE = 1_024;

    static {
        // The JDK server leaves Nagle's algorithm on, read once when its first server starts: each small SSE
        // event then waited for the reader's delayed ACK (~40 ms per answer on loopback). An explicit setting wins.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final ServedModel model;
    private final InstantSource clock;
    /** TEST ONLY: a cheating provider's server alters what it answers (the first character of each answer, whole or streamed). */
    private final boolean alterOutputs;
    private final SecureRandom seeds = new SecureRandom();
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private ModelServer(ServedModel model, InstantSource clock, boolean alterOutputs) throws IOException {
        this.model = model;
        this.clock = clock;
        this.alterOutputs = alterOutputs;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ACCEPT_QUEUE);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                serve(new HttpExchangeCall(exchange));
            }
        });
        server.start();
    }

    public static ModelServer start(ServedModel model, InstantSource clock) {
        return start(model, clock, false);
    }

    /** {@code alterOutputs} is TEST ONLY: it makes a cheating server, as {@code gridmint provider --cheat alter-output} runs. */
    public static ModelServer start(ServedModel model, InstantSource clock, boolean alterOutputs) {
        try {
            return new ModelServer(model, clock, alterOutputs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a loopback port for the model server", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public ServedModel model() {
        return model;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            // A model that holds native or mapped memory (Jlama's) lets it go with the job.
            if (model instanceof ServedModel.Chat(var chat) && chat instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing " + model.id() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** The OpenAI routes, for a call over the loopback port or straight from the agent's port tunnel. */
    @Override
    public void serve(ServiceCall call) throws IOException {
        try {
            Map<String, Object> answer = switch (call.path()) {
                case "/v1/models" -> handle(call, "GET", this::models);
                case "/v1/chat/completions" -> handle(call, "POST", this::chat);
                case "/v1/completions" -> handle(call, "POST", this::completion);
                case "/v1/embeddings" -> handle(call, "POST", (c, body) -> embeddings(body));
                default -> throw new OpenAiException(404, "invalid_request_error", "unknown_url", null, "no route " + call.path());
            };
            if (answer != null) {
                send(call, 200, answer);
            }
        } catch (OpenAiException e) {
            send(call, e.status(), e.body());
        }
    }

    /** A handler answers a JSON body, or null when it already streamed its answer. */
    private static Map<String, Object> handle(ServiceCall call, String method, BiFunction<ServiceCall, byte[], Map<String, Object>> handler)
            throws IOException {
        if (!call.method().equals(method)) {
            throw new OpenAiException(405, "invalid_request_error", "method_not_allowed", null, "use " + method);
        }
        try {
            return handler.apply(call, call.body(MAX_BODY_BYTES));
        } catch (ServiceCall.BodyTooLargeException e) {
            throw new OpenAiException(413, "invalid_request_error", "request_too_large", null, e.getMessage());
        }
    }

    private Map<String, Object> models(ServiceCall call, byte[] body) {
        return Map.of("object", "list", "data", List.of(Responses.model(model.id(), 0, "gridmint")));
    }

    private Map<String, Object> chat(ServiceCall call, byte[] body) {
        var request = RequestParser.chat(body);
        String prompt = request.messages().stream().map(InferenceRequest.Message::content).collect(Collectors.joining("\n"));
        return generate(call, request, prompt, request.options(), true);
    }

    private Map<String, Object> completion(ServiceCall call, byte[] body) {
        var request = RequestParser.completion(body);
        return generate(call, request, request.prompt(), request.options(), false);
    }

    private Map<String, Object> generate(ServiceCall call, InferenceRequest request, String prompt, Options options, boolean chat) {
        ChatModel generator = switch (served(request)) {
            case ServedModel.Chat c -> c.model();
            case ServedModel.Embedding e -> throw new OpenAiException(400, "invalid_request_error", "model_not_supported", "model",
                    request.model() + " is an embedding model");
        };
        long seed = options.seed().orElseGet(seeds::nextLong);
        String id = (chat ? "chatcmpl-" : "cmpl-") + UUID.randomUUID();
        long created = clock.instant().getEpochSecond();
        if (options.stream()) {
            new SseWriter(call, id, created, generator.id(), chat, alterOutputs ? ModelServer::alteredText : UnaryOperator.identity())
                    .stream(generator, prompt, options, seed);
            return null;
        }
        List<Generation> choices = new ArrayList<>();
        for (int i = 0; i < options.n(); i++) {
            choices.add(altered(generator.generate(prompt, sampling(options, seed + i), token -> { })));
        }
        return chat ? Responses.chatCompletion(id, created, generator.id(), choices)
                : Responses.textCompletion(id, created, generator.id(), choices);
    }

    private Map<String, Object> embeddings(byte[] body) {
        var request = RequestParser.embeddings(body);
        EmbeddingModel embedder = switch (served(request)) {
            case ServedModel.Embedding e -> e.model();
            case ServedModel.Chat c -> throw new OpenAiException(400, "invalid_request_error", "model_not_supported", "model",
                    request.model() + " is not an embedding model");
        };
        List<float[]> vectors = new ArrayList<>();
        long tokens = 0;
        for (String input : request.inputs()) {
            EmbeddingModel.Embedded embedded = embedder.embed(input);
            vectors.add(altered(embedded.vector()));
            tokens += embedded.tokens();
        }
        return Responses.embeddings(embedder.id(), vectors, request.base64(), tokens);
    }

    /** TEST ONLY: the first character replaced (a cheaper model's answer, in miniature); honest servers return it as is. */
    private Generation altered(Generation generation) {
        if (!alterOutputs) {
            return generation;
        }
        return new Generation(alteredText(generation.text()), generation.promptTokens(), generation.completionTokens(),
                generation.finishReason());
    }

    /** TEST ONLY: the text with its first character replaced; a stream's first token gets the same treatment. */
    private static String alteredText(String text) {
        char first = text.isEmpty() || text.charAt(0) != 'q' ? 'q' : 'z';
        return first + (text.isEmpty() ? "" : text.substring(1));
    }

    /** TEST ONLY: every value shifted by 0.01, far beyond float noise. */
    private float[] altered(float[] vector) {
        if (!alterOutputs) {
            return vector;
        }
        float[] shifted = vector.clone();
        for (int i = 0; i < shifted.length; i++) {
            shifted[i] += 0.01f;
        }
        return shifted;
    }

    private ServedModel served(InferenceRequest request) {
        if (!request.model().equals(model.id())) {
            throw new OpenAiException(404, "invalid_request_error", "model_not_found", "model",
                    "The model '" + request.model() + "' does not exist");
        }
        return model;
    }

    static Sampling sampling(Options options, long seed) {
        return new Sampling(options.maxTokens(), options.temperature(), options.topP(), seed, options.stop());
    }

    private static void send(ServiceCall call, int status, Object body) throws IOException {
        call.respond(status, Map.of("Content-Type", "application/json"), Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
