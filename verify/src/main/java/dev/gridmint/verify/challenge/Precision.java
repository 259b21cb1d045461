package dev.gridmint.verify.challenge;

/**
 * The arithmetic a challenge is run in. Inputs are rounded to the precision's format and
 * products are accumulated in fp32, as tensor cores and CPU kernels do, so the error of one entry
 * of C is at most about {@code (2·u_in + n·u_acc)·Σ|a||b|} (Higham's bound for a dot product plus the
 * rounding of both inputs). {@link #SAFETY} doubles it, which covers reordered summation without
 * letting a wrong value through: a garbage entry is off by about Σ|a||b|/n·√n, far above the bound.
 */
public enum Precision {
    FP32(0x1.0p-24),
    FP16(0x1.0p-11),
    BF16(0x1.0p-8);

    /** Unit roundoff of fp32 accumulation. */
    public static final double ACCUMULATION_ROUNDOFF = 0x1.0p-24;
    public static final double SAFETY = 2.0;

    private final double inputRoundoff;

    Precision(double inputRoundoff) {
        this.inputRoundoff = inputRoundoff;
    }

    public double inputRoundoff() {
        return inputRoundoff;
    }

    /**
     * The largest deviation an honest result may show for an entry whose Σ|a||b| is
     * {@code absProductSum}; the smallest normal float is added so that an all-zero sum still
     * admits an exact zero computed through subnormals.
     */
    public double tolerance(int n, double absProductSum) {
        return SAFETY * (2 * inputRoundoff + n * ACCUMULATION_ROUNDOFF) * absProductSum + Float.MIN_NORMAL;
    }
}
