package dev.gridmint.sim.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The claim's usual case, several providers at a time with the JDK's Vector API (SIMD, e.g. 8
 * doubles per AVX-512 instruction; the per-GPU-count lookups are gathers). Only loaded when the
 * {@code jdk.incubator.vector} module is present (see {@link Simulation#VECTOR}); otherwise the
 * scalar loop does everything. Each lane does the scalar loop's operations on the same doubles
 * in the same order (IEEE 754, no fused multiply-add), so the results are the same to the bit.
 *
 * <p>A block of providers is done here only when every one of them is in the usual case: four
 * claims old, no deviation in its window (so not slashed this epoch) and a non-negative four-epoch
 * sum (so not leaving). Otherwise {@link #claim} stops before the block and the scalar loop does it.
 */
final class VectorClaim {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Long> L = VectorSpecies.of(long.class, D.vectorShape());
    private static final VectorSpecies<Float> F =
            VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I =
            VectorSpecies.of(int.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    /** Providers per block. */
    static final int LANES = D.length();
    private static final double MICRO = 1e6;

    /** This epoch's totals over the blocks done here: micro-GRID sold and margins below zero. */
    long sold;
    int negative;

    /** Whether the hardware has vectors of at least 4 doubles (otherwise the scalar loop is faster). */
    static boolean usable() {
        return LANES >= 4 && L.length() == LANES && I.length() == LANES && F.length() == LANES;
    }

    /**
     * Does the blocks from {@code i} on while every provider in one is in the usual case; returns
     * where it stopped (a block that is not, or fewer than {@link #LANES} providers left).
     */
    int claim(int i, int n, int t, int[] gpus, float[] dailyCost, float[] hold, long[] balance, int[] ownUntil,
            double[] now, double[] earnedSum, int fourEpochs, double[] whole, long[] grid, double multiplier,
            double fourEpochMultiplier, double invPrice) {
        LongVector soldLanes = LongVector.zero(L);
        int negatives = 0;
        for (; i <= n - LANES; i += LANES) {
            if (IntVector.fromArray(I, ownUntil, i).compare(VectorOperators.GE, t).anyTrue()) {
                break;
            }
            DoubleVector daily = (DoubleVector) FloatVector.fromArray(F, dailyCost, i).convertShape(VectorOperators.F2D, D, 0);
            if (DoubleVector.fromArray(D, earnedSum, fourEpochs, gpus, i)
                    .compare(VectorOperators.LT, daily.mul(fourEpochMultiplier)).anyTrue()) {
                break;
            }
            DoubleVector cost = daily.mul(multiplier);
            negatives += DoubleVector.fromArray(D, now, 0, gpus, i).compare(VectorOperators.LT, cost).trueCount();
            LongVector held = LongVector.fromArray(L, balance, i).add(LongVector.fromArray(L, grid, 0, gpus, i));
            DoubleVector needed = cost.mul(invPrice);
            DoubleVector surplus = DoubleVector.fromArray(D, whole, 0, gpus, i).sub(needed);
            DoubleVector positive = DoubleVector.zero(D).blend(surplus, surplus.compare(VectorOperators.GT, 0));
            DoubleVector unheld = DoubleVector.broadcast(D, 1)
                    .sub((DoubleVector) FloatVector.fromArray(F, hold, i).convertShape(VectorOperators.F2D, D, 0));
            DoubleVector want = needed.add(unheld.mul(positive)).mul(MICRO);
            // Simulation.roundNonNegative, lane by lane.
            LongVector rounded = (LongVector) want.add(0.5).convert(VectorOperators.D2L, 0);
            DoubleVector back = (DoubleVector) rounded.convert(VectorOperators.L2D, 0);
            rounded = rounded.sub(1L, back.sub(0.5).compare(VectorOperators.GT, want).cast(L));
            LongVector sell = held.min(rounded);
            held.sub(sell).intoArray(balance, i);
            soldLanes = soldLanes.add(sell);
        }
        sold += soldLanes.reduceLanes(VectorOperators.ADD);
        negative += negatives;
        return i;
    }
}
