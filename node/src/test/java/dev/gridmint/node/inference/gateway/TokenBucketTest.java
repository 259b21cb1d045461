package dev.gridmint.node.inference.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstPassesThenTheRateRefillsIt() {
        var bucket = new TokenBucket(3, 2, 0);
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isTrue();
        assertThat(bucket.tryTake(0)).isFalse();
        assertThat(bucket.tryTake(SECOND / 2)).isTrue();
        assertThat(bucket.tryTake(SECOND / 2)).isFalse();
        // A long pause refills to the burst, no further.
        long later = 100 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryTake(later)).isTrue();
        }
        assertThat(bucket.tryTake(later)).isFalse();
    }

    @Test
    void timeGoingBackwardsGrantsNothing() {
        var bucket = new TokenBucket(1, 1, 10 * SECOND);
        assertThat(bucket.tryTake(10 * SECOND)).isTrue();
        assertThat(bucket.tryTake(5 * SECOND)).isFalse();
        assertThat(bucket.tryTake(10 * SECOND)).isFalse();
    }
}
