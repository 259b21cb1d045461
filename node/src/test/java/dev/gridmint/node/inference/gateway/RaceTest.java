package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RaceTest {

    private static final Duration NEVER = Duration.ofHours(1);

    private final ConcurrentHashMap.KeySetView<String, Boolean> called = ConcurrentHashMap.newKeySet();
    private final CountDownLatch slowCancelled = new CountDownLatch(1);

    /** "slow" answers only when interrupted (then it is cancelled), "fast" answers at once, "broken" fails. */
    private Optional<String> call(String route) throws InterruptedException {
        called.add(route);
        return switch (route) {
            case "slow" -> {
                try {
                    new CountDownLatch(1).await();
                    yield Optional.of("slow answer");
                } catch (InterruptedException cancelled) {
                    slowCancelled.countDown();
                    throw cancelled;
                }
            }
            case "broken" -> Optional.empty();
            default -> Optional.of(route + " answer");
        };
    }

    @Test
    void aSilentRouteIsHedgedAndTheLoserCancelled() throws Exception {
        var race = new Race<String, String>(this::call, route -> Optional.of(Duration.ofMillis(1)));

        var winner = race.run(List.of("slow", "fast")).orElseThrow();

        assertThat(winner.route()).isEqualTo("fast");
        assertThat(winner.answer()).isEqualTo("fast answer");
        assertThat(winner.hedged()).isTrue();
        assertThat(slowCancelled.await(10, TimeUnit.SECONDS)).as("the slow call was cancelled").isTrue();
    }

    @Test
    void anAnswerBeforeTheDelaySendsNoHedge() throws Exception {
        var race = new Race<String, String>(this::call, route -> Optional.of(NEVER));

        var winner = race.run(List.of("first", "second")).orElseThrow();

        assertThat(winner.route()).isEqualTo("first");
        assertThat(winner.hedged()).isFalse();
        assertThat(called).containsExactly("first");
    }

    @Test
    void withoutADelayThereIsNoHedgeButFailureStillMovesOn() throws Exception {
        var race = new Race<String, String>(this::call, route -> Optional.empty());

        var winner = race.run(List.of("broken", "fast")).orElseThrow();

        assertThat(winner.route()).isEqualTo("fast");
        assertThat(winner.hedged()).isFalse();
    }

    @Test
    void everyRouteFailingIsNoAnswer() throws Exception {
        var race = new Race<String, String>(this::call, route -> Optional.of(NEVER));

        assertThat(race.run(List.of("broken", "broken"))).isEmpty();
        assertThat(race.run(List.of())).isEmpty();
    }
}
