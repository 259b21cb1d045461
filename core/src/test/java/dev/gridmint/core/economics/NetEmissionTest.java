package dev.gridmint.core.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.economics.NetEmission.Step;
import org.junit.jupiter.api.Test;

class NetEmissionTest {

    @Test
    void smoothing() {
        assertThat(NetEmission.next(0, 7_000, 1_000_000)).isEqualTo(new Step(1_000, 1_000, 6_000));
        assertThat(NetEmission.next(7_000, 0, 1_000_000)).isEqualTo(new Step(6_000, 6_000, 0));
        assertThat(NetEmission.next(1, 0, 10)).isEqualTo(new Step(0, 0, 0)); // 6/7 floored
    }

    @Test
    void steadyBurnBelowTheCapConverges() {
        long burn = 1_000_000;
        long target = 0;
        Step step = null;
        for (int day = 0; day < 400; day++) {
            step = NetEmission.next(target, burn, 10_000_000);
            assertThat(step.target()).isGreaterThanOrEqualTo(target).isLessThanOrEqualTo(burn);
            target = step.target();
        }
        // Flooring stops the approach from below up to 6 short of the burn: floor(b - 6k/7) = b - k for k <= 6.
        assertThat(step.target()).isBetween(burn - 6, burn);
        assertThat(NetEmission.next(step.target(), burn, 10_000_000)).isEqualTo(step);
        assertThat(step.net()).isEqualTo(step.target());
        assertThat(step.permanentlyBurned()).isEqualTo(burn - step.net()).isLessThanOrEqualTo(6);
    }

    @Test
    void steadyBurnFromAboveConvergesExactly() {
        long burn = 1_000_000;
        long target = 50_000_000;
        for (int day = 0; day < 400; day++) {
            target = NetEmission.next(target, burn, Long.MAX_VALUE).target();
        }
        assertThat(target).isEqualTo(burn);
    }

    @Test
    void burnFarAboveTheCapIsMostlyBurnedForGood() {
        long cap = 1_643_835_616L;
        long burn = 100 * cap;
        long target = 0;
        for (int day = 0; day < 100; day++) {
            Step step = NetEmission.next(target, burn, cap);
            if (step.target() >= cap) {
                assertThat(step.net()).isEqualTo(cap);
            }
            assertThat(step.net()).isLessThanOrEqualTo(cap);
            assertThat(step.net() + step.permanentlyBurned()).isEqualTo(burn);
            target = step.target();
        }
        Step steady = NetEmission.next(target, burn, cap);
        assertThat(steady.net()).isEqualTo(cap);
        assertThat(steady.permanentlyBurned()).isEqualTo(burn - cap);
    }

    @Test
    void zeroBurnDecaysGeometrically() {
        long target = 343_000; // 7^3 * 1000, so the first three steps are exact
        long[] expected = {294_000, 252_000, 216_000};
        for (long want : expected) {
            Step step = NetEmission.next(target, 0, Long.MAX_VALUE);
            assertThat(step.target()).isEqualTo(want);
            assertThat(step.net()).isEqualTo(want);
            assertThat(step.permanentlyBurned()).isZero();
            target = step.target();
        }
        for (int day = 0; day < 200; day++) {
            long next = NetEmission.next(target, 0, Long.MAX_VALUE).target();
            assertThat(next).isEqualTo(target * 6 / 7);
            target = next;
        }
        assertThat(target).isZero();
    }

    @Test
    void noOverflowAndBadInputs() {
        assertThat(NetEmission.next(Long.MAX_VALUE, Long.MAX_VALUE, 0))
                .isEqualTo(new Step(Long.MAX_VALUE, 0, Long.MAX_VALUE));
        assertThatThrownBy(() -> NetEmission.next(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetEmission.next(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NetEmission.next(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
