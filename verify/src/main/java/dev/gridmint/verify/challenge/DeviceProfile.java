package dev.gridmint.verify.challenge;

/**
 * What a device model can do on a dense matrix product: peak TFLOPS in fp32 and in fp16/bf16
 * (tensor cores, dense, fp32 accumulation), and the lowest share of that peak an honest device is
 * expected to reach on the challenge kernel. The floor throughput {@code peak × minEfficiency} is
 * what the deadline grants.
 */
public record DeviceProfile(String model, double fp32Tflops, double halfTflops, double minEfficiency) {

    public DeviceProfile {
        if (fp32Tflops <= 0 || halfTflops <= 0 || minEfficiency <= 0 || minEfficiency > 1) {
            throw new IllegalArgumentException("peaks must be positive and the efficiency in (0, 1]: " + model);
        }
    }

    public double peakTflops(Precision precision) {
        return switch (precision) {
            case FP32 -> fp32Tflops;
            case FP16, BF16 -> halfTflops;
        };
    }

    /** The precision that tells this model apart best: the one with the highest peak. */
    public Precision challengePrecision() {
        return halfTflops > fp32Tflops ? Precision.FP16 : Precision.FP32;
    }

    public double floorTflops(Precision precision) {
        return peakTflops(precision) * minEfficiency;
    }
}
