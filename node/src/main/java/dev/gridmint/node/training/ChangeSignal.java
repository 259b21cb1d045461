package dev.gridmint.node.training;

/** A version number that a session bumps on every state change, so check-ins can wait for the next one. */
public final class ChangeSignal {

    private long version;

    synchronized long version() {
        return version;
    }

    synchronized void changed() {
        version++;
        notifyAll();
    }

    /** Waits until the version moves past {@code seen} or {@code millis} pass. */
    synchronized void await(long seen, long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000L;
        while (version == seen) {
            long left = (until - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
