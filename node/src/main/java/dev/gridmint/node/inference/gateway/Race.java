package dev.gridmint.node.inference.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One plain (not streamed) request over its routes, best first, with failover and hedging. A route that
 * fails is replaced by the next; a route still silent after its hedge delay gets company: the same
 * request goes to the next route too, the first answer wins and the other call is interrupted (which
 * cancels it at its provider). At most one hedge per request, so a request costs at most two providers'
 * work at once, and only the winner's answer is returned (so only it is metered).
 *
 * @param <R> a route
 * @param <A> an answer
 */
final class Race<R, A> {

    /** One call of the request on one route: its answer, or empty when the route failed. Interruption means cancelled. */
    @FunctionalInterface
    interface Call<R, A> {
        Optional<A> call(R route) throws InterruptedException;
    }

    /** The answer that won, the route that gave it, and whether a hedge was sent. */
    record Winner<R, A>(R route, A answer, boolean hedged) {}

    private record Finished<R, A>(R route, Optional<A> answer) {}

    private final Call<R, A> call;
    private final Function<R, Optional<Duration>> hedgeDelay;
    private final BlockingQueue<Finished<R, A>> finished = new LinkedBlockingQueue<>();
    private final List<Thread> running = new ArrayList<>();

    /** {@code hedgeDelay} says how long a route may stay silent before a hedge is sent; empty: never hedge it. */
    Race(Call<R, A> call, Function<R, Optional<Duration>> hedgeDelay) {
        this.call = call;
        this.hedgeDelay = hedgeDelay;
    }

    /** Runs the request over {@code routes} (in order, best first); empty when every route tried failed. */
    Optional<Winner<R, A>> run(List<R> routes) throws InterruptedException {
        if (routes.isEmpty()) {
            return Optional.empty();
        }
        if (hedgeDelay.apply(routes.getFirst()).isEmpty()) {
            return inOrder(routes);
        }
        int next = 0;
        int active = 0;
        boolean hedged = false;
        R waitingOn = routes.get(next++);
        start(waitingOn);
        active++;
        try {
            while (active > 0) {
                Optional<Duration> delay = !hedged && next < routes.size() ? hedgeDelay.apply(waitingOn) : Optional.empty();
                Finished<R, A> done = delay.isPresent() ? finished.poll(delay.get().toNanos(), TimeUnit.NANOSECONDS) : finished.take();
                if (done == null) {
                    hedged = true;
                    start(routes.get(next++));
                    active++;
                    continue;
                }
                active--;
                if (done.answer().isPresent()) {
                    return Optional.of(new Winner<>(done.route(), done.answer().get(), hedged));
                }
                if (next < routes.size()) {
                    waitingOn = routes.get(next++);
                    start(waitingOn);
                    active++;
                }
            }
            return Optional.empty();
        } finally {
            running.forEach(Thread::interrupt);
        }
    }

    /** No hedge for the first route: each route in turn on the caller's thread, no hand-off to another. */
    private Optional<Winner<R, A>> inOrder(List<R> routes) throws InterruptedException {
        for (R route : routes) {
            Optional<A> answer;
            try {
                answer = call.call(route);
            } catch (RuntimeException failed) {
                answer = Optional.empty();
            }
            if (answer.isPresent()) {
                return Optional.of(new Winner<>(route, answer.get(), false));
            }
        }
        return Optional.empty();
    }

    private void start(R route) {
        running.add(Thread.ofVirtual().name("gateway-call").start(() -> {
            Optional<A> answer;
            try {
                answer = call.call(route);
            } catch (InterruptedException cancelled) {
                answer = Optional.empty();
            } catch (RuntimeException failed) {
                answer = Optional.empty();
            }
            finished.add(new Finished<>(route, answer));
        }));
    }
}
