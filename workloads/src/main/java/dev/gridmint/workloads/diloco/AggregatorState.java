package dev.gridmint.workloads.diloco;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Everything an {@link Aggregator} holds between rounds: the round it plans next, θ, the outer momentum buffer
 * and the round each shard was last trained in. A coordinator keeps it beside each round's manifest, so a
 * restarted coordinator resumes the run at the boundary where it stopped instead of at round 0.
 *
 * <p>Format, version 1, big-endian: the magic {@code "GMAS"}, the version (int), {@code nextRound} (long), the
 * shard count (int), the parameter count (int), {@code lastTrained} (longs), θ (doubles), momentum (doubles).
 * Nothing may follow. θ is restored exactly (it is fp32-valued; the doubles carry it bit for bit).
 */
public record AggregatorState(long nextRound, double[] theta, double[] momentum, long[] lastTrained) {

    private static final byte[] MAGIC = "GMAS".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final int MAX_SHARDS = 1 << 16;

    public AggregatorState {
        theta = theta.clone();
        momentum = momentum.clone();
        lastTrained = lastTrained.clone();
        if (nextRound < 0 || theta.length != momentum.length || lastTrained.length == 0) {
            throw new IllegalArgumentException("need nextRound >= 0, a momentum per parameter and a shard or more");
        }
    }

    @Override
    public double[] theta() {
        return theta.clone();
    }

    @Override
    public double[] momentum() {
        return momentum.clone();
    }

    @Override
    public long[] lastTrained() {
        return lastTrained.clone();
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + 8 + 4 + 4 + 8 * lastTrained.length
                + 16 * theta.length);
        out.put(MAGIC).putInt(VERSION).putLong(nextRound).putInt(lastTrained.length).putInt(theta.length);
        for (long round : lastTrained) {
            out.putLong(round);
        }
        for (double value : theta) {
            out.putDouble(value);
        }
        for (double value : momentum) {
            out.putDouble(value);
        }
        return out.array();
    }

    /** Parses {@link #toBytes()} strictly: a state of {@code parameters} values and {@code shards} shards only. */
    public static Parsed<AggregatorState> parse(byte[] bytes, int parameters, int shards) {
        long expected = MAGIC.length + 4 + 8 + 4 + 4 + 8L * shards + 16L * parameters;
        if (parameters < 0 || parameters > Frame.MAX_VALUES || shards < 1 || shards > MAX_SHARDS) {
            return invalid(Parsed.Code.BAD_FIELD, "no state of " + parameters + " values and " + shards + " shards");
        }
        if (bytes.length > expected) {
            return invalid(Parsed.Code.TOO_LARGE, bytes.length + " bytes for a state of " + expected);
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC) || in.getInt() != VERSION) {
                return invalid(Parsed.Code.BAD_HEADER, "not a version-" + VERSION + " aggregator state");
            }
            long nextRound = in.getLong();
            if (nextRound < 0 || in.getInt() != shards || in.getInt() != parameters) {
                return invalid(Parsed.Code.BAD_FIELD, "the state is of another run's shape");
            }
            long[] lastTrained = new long[shards];
            for (int s = 0; s < shards; s++) {
                lastTrained[s] = in.getLong();
                if (lastTrained[s] < -1 || lastTrained[s] >= nextRound) {
                    return invalid(Parsed.Code.BAD_FIELD, "shard " + s + " trained in round " + lastTrained[s]);
                }
            }
            double[] theta = new double[parameters];
            double[] momentum = new double[parameters];
            in.asDoubleBuffer().get(theta);
            in.position(in.position() + 8 * parameters);
            in.asDoubleBuffer().get(momentum);
            return new Parsed.Ok<>(new AggregatorState(nextRound, theta, momentum, lastTrained));
        } catch (BufferUnderflowException e) {
            return invalid(Parsed.Code.TRUNCATED, "the state ends early");
        }
    }

    private static Parsed<AggregatorState> invalid(Parsed.Code code, String message) {
        return new Parsed.Invalid<>(code, message);
    }
}
