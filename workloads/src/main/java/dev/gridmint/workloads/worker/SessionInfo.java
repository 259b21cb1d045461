package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.diloco.Encoding;
import java.util.Locale;
import java.util.Objects;

/**
 * A training session as its round service describes it to workers: the method, the model by name, the seed
 * every replica derives from, the number of data shards, H and the wire encoding.
 */
public record SessionInfo(Mode mode, String model, long seed, int shards, int innerSteps, Encoding encoding) {

    /** DiLoCo rounds, or the synchronous data-parallel baseline (one step per round). */
    public enum Mode {
        DILOCO, DDP;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode ofWireName(String name) {
            for (Mode m : values()) {
                if (m.wireName().equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown mode '" + name + "'");
        }
    }

    public SessionInfo {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(encoding, "encoding");
        if (shards < 1 || innerSteps < 1) {
            throw new IllegalArgumentException("shards and inner steps must be >= 1");
        }
    }

    /** The encoding's name on the wire: {@code fp32} or {@code int8}. */
    public static String wireName(Encoding encoding) {
        return encoding.name().toLowerCase(Locale.ROOT);
    }

    static SessionInfo parse(FlatJson json) {
        String encoding = json.text("encoding");
        Encoding parsed = switch (encoding) {
            case "fp32" -> Encoding.FP32;
            case "int8" -> Encoding.INT8;
            default -> throw new IllegalArgumentException("unknown encoding '" + encoding + "'");
        };
        return new SessionInfo(Mode.ofWireName(json.text("mode")), json.text("model"), json.integer("seed"),
                Math.toIntExact(json.integer("shards")), Math.toIntExact(json.integer("inner_steps")), parsed);
    }
}
