package dev.gridmint.node.inference.gateway;

import dev.gridmint.node.inference.openai.OpenAiException;
import java.time.Duration;
import java.util.Optional;

/**
 * When a plain request gets a second provider: after the first route's hedge delay, which is a fixed
 * delay or, by default, the route's measured p95 answer time (so about one request in twenty on a
 * steady route is hedged, and none before the route has {@value Router#MIN_SAMPLES} answers). A client
 * chooses per request with the {@value #HEADER} header: {@code off}, or a delay in milliseconds.
 *
 * @param enabled whether requests without the header are hedged
 * @param fixedDelay a delay for every route instead of its p95
 * @param floor the least delay a p95 gives, so a route answering in microseconds is not hedged on every blip
 */
public record Hedging(boolean enabled, Optional<Duration> fixedDelay, Duration floor) {

    public static final String HEADER = "X-Gridmint-Hedge";
    /** Set on an answer when a hedge was sent for it. */
    public static final String HEDGED_HEADER = "X-Gridmint-Hedged";
    static final long MAX_DELAY_MS = 60_000;

    /** On, with each route's p95 and a 5 ms floor. */
    public static final Hedging DEFAULT = new Hedging(true, Optional.empty(), Duration.ofMillis(5));

    public static final Hedging OFF = new Hedging(false, Optional.empty(), Duration.ofMillis(5));

    /** The policy for one request: this one, or what its {@value #HEADER} header asks for (null: none). */
    Hedging forRequest(String header) {
        if (header == null || header.isBlank()) {
            return this;
        }
        return parse(header.strip()).orElseThrow(() -> OpenAiException.invalid(null,
                HEADER + " is 'off' or a delay in milliseconds, 0 to " + MAX_DELAY_MS));
    }

    /**
     * An operator's default ({@code gridmint coordinator --hedge}): {@code auto} (each route's p95), {@code off}, or a
     * fixed delay in milliseconds; empty for anything else.
     */
    public static Optional<Hedging> fromSetting(String setting) {
        return setting.strip().equalsIgnoreCase("auto") ? Optional.of(DEFAULT) : DEFAULT.parse(setting.strip());
    }

    /** {@code off} or a delay in milliseconds, applied to this policy; empty for anything else. */
    private Optional<Hedging> parse(String value) {
        if (value.equalsIgnoreCase("off")) {
            return Optional.of(new Hedging(false, fixedDelay, floor));
        }
        try {
            long millis = Long.parseLong(value);
            if (millis >= 0 && millis <= MAX_DELAY_MS) {
                return Optional.of(new Hedging(true, Optional.of(Duration.ofMillis(millis)), floor));
            }
        } catch (NumberFormatException ignored) {
            // not a delay
        }
        return Optional.empty();
    }

    /** How long {@code route} may stay silent before a hedge goes out; empty: do not hedge it. */
    Optional<Duration> delay(Router router, Router.Route route) {
        if (!enabled) {
            return Optional.empty();
        }
        if (fixedDelay.isPresent()) {
            return fixedDelay;
        }
        var p95 = router.answerP95(route);
        if (p95.isEmpty()) {
            return Optional.empty();
        }
        Duration measured = Duration.ofNanos((long) (p95.getAsDouble() * 1e6));
        return Optional.of(measured.compareTo(floor) < 0 ? floor : measured);
    }
}
