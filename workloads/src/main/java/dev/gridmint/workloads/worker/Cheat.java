package dev.gridmint.workloads.worker;

import dev.gridmint.workloads.diloco.DeltaMessage;
import java.nio.ByteBuffer;

/**
 * TEST ONLY: ways a DiLoCo worker can send a bad Δ, so the failure tests show the round service excluding it
 * with real processes. A real worker runs {@link #NONE}; {@code WorkloadMain} does not list the option.
 */
public enum Cheat {
    /** An honest worker. */
    NONE,
    /** Its Δ's first float (an fp32 value, or an int8 chunk's scale) is NaN: the non-finite check. */
    NAN,
    /** Its Δ is a million times too large: the norm checks. */
    HUGE;

    private static final double HUGE_FACTOR = 1e6;

    /** The Δ this worker sends instead of {@code honest}. */
    DeltaMessage apply(DeltaMessage honest, double[] delta) {
        return switch (this) {
            case NONE -> honest;
            case NAN -> {
                byte[] payload = honest.payload();
                ByteBuffer.wrap(payload).putFloat(0, Float.NaN);
                yield new DeltaMessage(honest.round(), honest.worker(), honest.shard(), honest.tokens(),
                        honest.encoding(), honest.count(), payload);
            }
            case HUGE -> {
                double[] scaled = delta.clone();
                for (int i = 0; i < scaled.length; i++) {
                    scaled[i] *= HUGE_FACTOR;
                }
                yield DeltaMessage.of(honest.round(), honest.worker(), honest.shard(), honest.tokens(),
                        honest.encoding(), scaled);
            }
        };
    }
}
