package dev.gridmint.market.order;

/** How long an order runs: a fixed number of seconds (which can be extended), or until cancelled. */
public sealed interface Term {

    /** The end of a lease started at {@code start}; {@code Long.MAX_VALUE} when open-ended. */
    long endFrom(long start);

    record Fixed(long seconds) implements Term {
        public Fixed {
            if (seconds <= 0) {
                throw new IllegalArgumentException("a fixed term is at least one second");
            }
        }

        @Override
        public long endFrom(long start) {
            return Math.addExact(start, seconds);
        }
    }

    record OpenEnded() implements Term {
        @Override
        public long endFrom(long start) {
            return Long.MAX_VALUE;
        }
    }
}
