package dev.gridmint.node.inference.gateway;

import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.Job;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.node.api.SpotCheckView;
import dev.gridmint.node.inference.openai.InferenceRequest;
import dev.gridmint.node.json.Json;
import dev.gridmint.verify.Seeds;
import dev.gridmint.verify.spotcheck.InferenceCheck;
import dev.gridmint.verify.spotcheck.InferenceCheck.Evidence;
import dev.gridmint.verify.spotcheck.InferenceCheck.Outcome;
import dev.gridmint.verify.spotcheck.InferenceCheck.Output;
import dev.gridmint.verify.spotcheck.InferenceCheck.Party;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's output spot checks. After a client has its whole answer to a request that fixes its
 * output (a {@code seed} or {@code temperature} 0, and every embedding), the gateway draws it with
 * {@link InferenceCheck#drawn} at {@link #fraction} and, off the client's path, re-runs it on another
 * provider serving the same model (the same serving arguments, so the same weights). The re-run is
 * nobody's request: it is not metered or billed. A mismatch goes to a third provider, the referee.
 * Each check is kept, with its evidence and outputs, for {@code GET /v1/verification/evidence}, where
 * checkers pick it up and sign verdicts.
 */
public final class SpotChecker implements AutoCloseable {

    /** The share of eligible requests re-run, unless the coordinator is told otherwise. */
    public static final double DEFAULT_FRACTION = 0.05;
    /** Set this system property (or GRIDMINT_SPOT_CHECK_FRACTION) to a number in [0, 1] to change the share. */
    public static final String FRACTION_PROPERTY = "gridmint.gateway.spot-check-fraction";
    /** Checks kept for the evidence endpoint: the oldest go first. */
    static final int KEPT = 1_024;
    /** Re-runs at once; a drawn request beyond this is skipped rather than queued behind client traffic. */
    static final int MAX_IN_FLIGHT = 8;
    /** How long a re-run may take in all: a whole answer of up to 4,096 tokens × 8 choices on a CPU. */
    static final Duration RERUN_TIMEOUT = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(SpotChecker.class);

    private final Hash seed;
    private final double fraction;
    private final Supplier<LedgerState> ledger;
    private final Function<String, List<Router.Route>> routes;
    private final ProviderCall calls;
    private final InstantSource clock;
    private final ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final AtomicLong requests = new AtomicLong();
    private final Deque<SpotCheckView> kept = new ArrayDeque<>();
    private long seq;

    /**
     * @param seed     the secret the draws come from: a provider that cannot compute them cannot tell a checked request
     * @param routes   a model's routes as the router ranks them now
     */
    SpotChecker(Hash seed, double fraction, Supplier<LedgerState> ledger, Function<String, List<Router.Route>> routes,
            ProviderCall calls, InstantSource clock) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("the spot-check fraction is in [0, 1], got " + fraction);
        }
        this.seed = seed;
        this.fraction = fraction;
        this.ledger = ledger;
        this.routes = routes;
        this.calls = calls;
        this.clock = clock;
    }

    /** The fraction from {@link #FRACTION_PROPERTY} or the environment, else {@link #DEFAULT_FRACTION}. */
    static double configuredFraction() {
        String value = System.getProperty(FRACTION_PROPERTY, System.getenv("GRIDMINT_SPOT_CHECK_FRACTION"));
        return value == null || value.isBlank() ? DEFAULT_FRACTION : Double.parseDouble(value.strip());
    }

    public double fraction() {
        return fraction;
    }

    /** Whether the request fixes its output, so that two honest providers must answer it alike, streamed or not. */
    static boolean eligible(InferenceRequest request) {
        return request.generation().map(SpotChecker::fixed).orElse(true);
    }

    private static boolean fixed(InferenceRequest.Options options) {
        return options.seed().isPresent() || options.temperature() == 0;
    }

    /**
     * Called once the client has {@code response} (status 200) from {@code answered}: draws the request and,
     * if drawn, checks it in the background. Returns at once.
     */
    void answered(InferenceRequest request, String path, byte[] body, Router.Route answered, byte[] response) {
        if (fraction > 0 && eligible(request)) {
            draw(path, body).ifPresent(draw -> check(draw, request, path, body, answered, () -> output(request, response)));
        }
    }

    /**
     * Called before a stream is relayed: a capture of its events if the request is drawn, else empty. The stream is
     * re-run whole (not streamed) elsewhere, and its texts, put together from its events, are compared with that answer.
     */
    Optional<StreamCapture> streaming(InferenceRequest request, String path, byte[] body) {
        if (fraction == 0 || !eligible(request)) {
            return Optional.empty();
        }
        // Drawn on the body as sent; only a drawn stream pays for rewriting it, and its evidence names the request re-run.
        return draw(path, body).map(drawn -> {
            byte[] whole = wholeRequest(body);
            Hash wholeHash = requestHash(path, whole);
            return new StreamCapture(new Draw(wholeHash, drawn.requestId()), request, path, whole);
        });
    }

    /** A drawn request: its hash over path and body, and the id the draw and the choice of re-runner come from. */
    private record Draw(Hash requestHash, Hash requestId) {}

    private Optional<Draw> draw(String path, byte[] body) {
        Hash requestHash = requestHash(path, body);
        Hash requestId = Hash.sha256(requestHash.bytes(), Seeds.longBytes(requests.incrementAndGet()));
        return InferenceCheck.drawn(seed, requestId, fraction) ? Optional.of(new Draw(requestHash, requestId)) : Optional.empty();
    }

    private static Hash requestHash(String path, byte[] body) {
        return Seeds.derive("gridmint/inference/request/v1", path.getBytes(StandardCharsets.UTF_8), body);
    }

    private void check(Draw draw, InferenceRequest request, String path, byte[] body, Router.Route answered, Supplier<Output> original) {
        if (!inFlight.tryAcquire()) {
            LOG.info("spot check of {} skipped: {} already running", draw.requestHash().shortHex(), MAX_IN_FLIGHT);
            return;
        }
        runner.execute(() -> {
            try {
                check(request, path, body, draw, answered, original.get()).ifPresent(this::keep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("spot check of {} failed: {}", draw.requestHash().shortHex(), e.toString());
            } finally {
                inFlight.release();
            }
        });
    }

    /** The body of a streamed request as a whole-answer request: what the re-runs are sent. */
    private static byte[] wholeRequest(byte[] body) {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(body);
        root.put("stream", false);
        root.remove("stream_options");
        return Json.MAPPER.writeValueAsBytes(root);
    }

    /**
     * A drawn stream's texts, gathered from its events as the gateway relays them: the content deltas (chat) or
     * text pieces (completions) of each choice, in order. Checked once the stream ended cleanly; a broken one is not.
     */
    final class StreamCapture {

        private final Draw draw;
        private final InferenceRequest request;
        private final String path;
        private final byte[] wholeBody;
        private final java.util.SortedMap<Integer, StringBuilder> texts = new java.util.TreeMap<>();

        private StreamCapture(Draw draw, InferenceRequest request, String path, byte[] wholeBody) {
            this.draw = draw;
            this.request = request;
            this.path = path;
            this.wholeBody = wholeBody;
        }

        /** One SSE event of the stream, as relayed ({@code data: {...}\n\n}); others ({@code [DONE]}, usage) add nothing. */
        void event(String event) {
            if (!event.startsWith("data: {")) {
                return;
            }
            JsonNode chunk = Json.MAPPER.readTree(event.substring(6).strip());
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode piece = request instanceof InferenceRequest.Completion ? choice.path("text") : choice.path("delta").path("content");
                StringBuilder text = texts.computeIfAbsent(choice.path("index").asInt(), index -> new StringBuilder());
                if (piece.isString()) {
                    text.append(piece.asString());
                }
            }
        }

        /** The texts gathered so far, by choice. */
        Output.Texts output() {
            return new Output.Texts(texts.values().stream().map(StringBuilder::toString).toList());
        }

        /** The stream ended cleanly on {@code answered}: checks it in the background. */
        void completed(Router.Route answered) {
            Output.Texts output = output();
            check(draw, request, path, wholeBody, answered, () -> output);
        }
    }

    /** The last {@code count} checks kept, oldest first. */
    public synchronized List<SpotCheckView> latest(int count) {
        return kept.stream().skip(Math.max(0, kept.size() - count)).toList();
    }

    /** The checks kept, oldest first, with a running number above {@code after}. */
    public synchronized List<SpotCheckView> since(long after) {
        return kept.stream().filter(v -> v.seq() > after).toList();
    }

    private Optional<Found> check(InferenceRequest request, String path, byte[] body, Draw draw, Router.Route answered, Output original)
            throws InterruptedException {
        Hash requestHash = draw.requestHash();
        Hash requestId = draw.requestId();
        LedgerState state = ledger.get();
        Optional<List<String>> args = state.job(answered.jobId()).map(job -> job.spec().args());
        if (args.isEmpty()) {
            return Optional.empty();
        }
        Hash modelHash = Hash.sha256(String.join("\0", args.get()).getBytes(StandardCharsets.UTF_8));
        List<Router.Route> others = new ArrayList<>(routes.apply(request.model()).stream()
                .filter(r -> !r.provider().equals(answered.provider()))
                .filter(r -> state.job(r.jobId()).map(Job::spec).map(spec -> spec.args().equals(args.get())).orElse(false))
                .toList());
        Optional<Answered> rerun = ask(others, requestId, "rerun", path, body, request);
        if (rerun.isEmpty()) {
            LOG.info("spot check of {}: no other provider serves {} with the same weights", requestHash.shortHex(), request.model());
            return Optional.empty();
        }
        Party originalParty = new Party(answered.provider(), original.hash());
        Party rerunParty = new Party(rerun.get().route().provider(), rerun.get().output().hash());
        if (InferenceCheck.agree(original, rerun.get().output())) {
            return Optional.of(view(path, streamed(request), new Evidence(requestHash, request.model(), modelHash, originalParty, rerunParty,
                    Optional.empty(), Outcome.MATCH), original, rerun.get().output(), Optional.empty()));
        }
        others.removeIf(r -> r.provider().equals(rerun.get().route().provider()));
        Optional<Answered> referee = ask(others, requestId, "referee", path, body, request);
        Outcome outcome = referee.map(r -> InferenceCheck.referee(originalParty, original, rerunParty, rerun.get().output(),
                new Party(r.route().provider(), r.output().hash()), r.output())).orElse(Outcome.INCONCLUSIVE);
        LOG.warn("spot check of {} on {}: {} and {} disagree; referee {}: {}", requestHash.shortHex(), request.model(),
                answered.provider(), rerunParty.provider(), referee.map(r -> r.route().provider().toString()).orElse("none"), outcome);
        return Optional.of(view(path, streamed(request), new Evidence(requestHash, request.model(), modelHash, originalParty, rerunParty,
                referee.map(r -> new Party(r.route().provider(), r.output().hash())), outcome), original, rerun.get().output(),
                referee.map(Answered::output)));
    }

    private record Answered(Router.Route route, Output output) {}

    /**
     * Asks one of {@code candidates}, the first drawn from the seed (so no provider can tell who re-runs
     * whom), moving on to the next while one cannot answer. A provider that answers with an error, or with
     * a body that is no answer, is skipped, not judged: there is no output to compare.
     */
    private Optional<Answered> ask(List<Router.Route> candidates, Hash requestId, String role, String path, byte[] body,
            InferenceRequest request) throws InterruptedException {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        int first = InferenceCheck.pick(seed, requestId, role, candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Router.Route route = candidates.get((first + i) % candidates.size());
            Optional<ProviderCall.Answer> answer = calls.post(route, path, body);
            if (answer.isPresent() && answer.get().status() == 200) {
                try {
                    return Optional.of(new Answered(route, output(request, answer.get().body())));
                } catch (RuntimeException unreadable) {
                    LOG.warn("{} answered a spot check with a body that is not an OpenAI answer: {}", route.provider(), unreadable.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** A finished check, not yet numbered. */
    private record Found(String path, boolean streamed, Evidence evidence, Output original, Output rerun, Optional<Output> referee) {}

    private Found view(String path, boolean streamed, Evidence evidence, Output original, Output rerun, Optional<Output> referee) {
        return new Found(path, streamed, evidence, original, rerun, referee);
    }

    private static boolean streamed(InferenceRequest request) {
        return request.generation().map(InferenceRequest.Options::stream).orElse(false);
    }

    /** Numbers and keeps a check in one step, so the running numbers are kept in order. */
    private synchronized void keep(Found found) {
        kept.addLast(SpotCheckView.of(++seq, clock.instant().getEpochSecond(), found.path(), found.streamed(), found.evidence(), found.original(),
                found.rerun(), found.referee()));
        while (kept.size() > KEPT) {
            kept.removeFirst();
        }
    }

    /** What is compared of an OpenAI answer: the choices' texts, or the embedding vectors (float or base64). */
    static Output output(InferenceRequest request, byte[] response) {
        JsonNode root = Json.MAPPER.readTree(response);
        return switch (request) {
            case InferenceRequest.Chat c -> new Output.Texts(texts(root, choice -> choice.path("message").path("content")));
            case InferenceRequest.Completion c -> new Output.Texts(texts(root, choice -> choice.path("text")));
            case InferenceRequest.Embeddings e -> {
                List<float[]> vectors = new ArrayList<>();
                root.path("data").forEach(item -> vectors.add(vector(item.path("embedding"))));
                yield new Output.Vectors(vectors);
            }
        };
    }

    private static List<String> texts(JsonNode root, Function<JsonNode, JsonNode> text) {
        List<String> texts = new ArrayList<>();
        root.path("choices").forEach(choice -> texts.add(text.apply(choice).asString()));
        return texts;
    }

    private static float[] vector(JsonNode embedding) {
        if (embedding.isString()) {
            var floats = ByteBuffer.wrap(Base64.getDecoder().decode(embedding.asString())).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] values = new float[floats.remaining()];
            floats.get(values);
            return values;
        }
        float[] values = new float[embedding.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = embedding.get(i).floatValue();
        }
        return values;
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
