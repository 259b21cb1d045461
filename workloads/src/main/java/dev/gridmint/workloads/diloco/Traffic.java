package dev.gridmint.workloads.diloco;

/**
 * Bytes moved by a training run, counted as the sizes of the encoded messages: {@code up} from workers to
 * the aggregator, {@code down} from the aggregator to workers (one copy per receiving worker), {@code join}
 * for full-θ downloads by workers that (re)join.
 */
public record Traffic(long up, long down, long join) {

    public static final Traffic NONE = new Traffic(0, 0, 0);

    public long total() {
        return Math.addExact(Math.addExact(up, down), join);
    }

    public Traffic plusUp(long bytes) {
        return new Traffic(Math.addExact(up, bytes), down, join);
    }

    public Traffic plusDown(long bytes) {
        return new Traffic(up, Math.addExact(down, bytes), join);
    }

    public Traffic plusJoin(long bytes) {
        return new Traffic(up, down, Math.addExact(join, bytes));
    }
}
