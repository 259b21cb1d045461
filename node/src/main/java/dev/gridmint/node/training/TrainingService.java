package dev.gridmint.node.training;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The coordinator's round service: the open training sessions and the clock that closes their rounds. The
 * clock (an {@link InstantSource}) is the only time source; sessions get its milliseconds passed in.
 */
public final class TrainingService implements AutoCloseable {

    private final Map<String, TrainingSession> sessions = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final Thread ticker;

    /** Starts a virtual thread that lets every session see the clock every {@code tick}. */
    public TrainingService(InstantSource clock, Duration tick) {
        this.clock = clock;
        this.ticker = Thread.ofVirtual().name("training-ticker").start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(tick);
                    sessions.values().forEach(s -> s.tick(now()));
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** The coordinator's clock in milliseconds: the time sessions see. */
    public long now() {
        return clock.millis();
    }

    /** Opens {@code session}; its id must be new. */
    public void open(TrainingSession session) {
        if (sessions.putIfAbsent(session.id(), session) != null) {
            throw new IllegalArgumentException("a training session '" + session.id() + "' is already open");
        }
    }

    public Optional<TrainingSession> session(String id) {
        return Optional.ofNullable(sessions.get(id));
    }

    /** Forgets a finished session. */
    public void remove(String id) {
        sessions.remove(id);
    }

    @Override
    public void close() {
        ticker.interrupt();
    }
}
