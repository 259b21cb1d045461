package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final SplittableRandom random = new SplittableRandom(11);
    private final Router router = new Router();

    @Test
    void theCheaperRouteGoesFirstAllElseEqual() {
        Router.Route cheap = route(1_000_000, 500);
        Router.Route dear = route(5_000_000, 500);
        assertThat(router.rank(List.of(dear, cheap))).containsExactly(cheap, dear);
    }

    @Test
    void aMeasuredSlowProviderFallsBehindAnUnmeasuredOne() {
        Router.Route slow = route(1_000_000, 500);
        Router.Route fresh = route(1_000_000, 500);
        router.observed(slow.provider(), 250);
        assertThat(router.rank(List.of(slow, fresh))).containsExactly(fresh, slow);
    }

    @Test
    void loadSpreadsRequestsAndFinishingBringsTheRouteBack() {
        Router.Route a = route(1_000_000, 500);
        Router.Route b = route(1_000_000, 500);
        router.observed(a.provider(), 10);
        router.observed(b.provider(), 10);
        router.started(a.provider());
        assertThat(router.rank(List.of(a, b)).getFirst()).isEqualTo(b);
        router.finished(a.provider());
        router.started(b.provider());
        assertThat(router.rank(List.of(a, b)).getFirst()).isEqualTo(a);
    }

    @Test
    void reputationOutweighsASmallPriceGap() {
        Router.Route trusted = route(1_100_000, 1_000);
        Router.Route doubtful = route(1_000_000, 0);
        assertThat(router.rank(List.of(doubtful, trusted))).containsExactly(trusted, doubtful);
    }

    @Test
    void latencyIsAMovingAverage() {
        Router.Route route = route(1_000_000, 500);
        Router.Route steady = route(1_000_000, 500);
        router.observed(steady.provider(), 20);
        router.observed(route.provider(), 10);
        // One slow answer does not undo a good record at once.
        router.observed(route.provider(), 40);
        assertThat(router.rank(List.of(steady, route))).containsExactly(route, steady);
    }

    private Router.Route route(long price, int reputation) {
        Address provider = Keypair.generate(random).address();
        byte[] id = new byte[32];
        random.nextBytes(id);
        return new Router.Route(new Hash(id), provider, "m", price, reputation);
    }
}
