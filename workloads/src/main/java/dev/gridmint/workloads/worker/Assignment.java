package dev.gridmint.workloads.worker;

/** The round service's answer to a check-in. */
public sealed interface Assignment {

    /** No round for this worker yet (the others are still working, or the next round is being gathered). */
    record Wait() implements Assignment {}

    /** Train {@code shard} from data cursor {@code cursor} in {@code round}, starting from the θ named. */
    record Work(long round, int shard, long cursor, String thetaHash) implements Assignment {}

    /** The session is over; {@code thetaHash} is the final θ. */
    record Done(String thetaHash) implements Assignment {}

    static Assignment parse(FlatJson json) {
        return switch (json.text("state")) {
            case "wait" -> new Wait();
            case "work" -> new Work(json.integer("round"), Math.toIntExact(json.integer("shard")),
                    json.integer("cursor"), json.text("theta"));
            case "done" -> new Done(json.text("theta"));
            default -> throw new IllegalArgumentException("unknown state '" + json.text("state") + "'");
        };
    }
}
