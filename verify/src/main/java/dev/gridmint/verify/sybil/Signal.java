package dev.gridmint.verify.sybil;

/** One piece of evidence linking two or more identities. */
public sealed interface Signal {

    /** Signals of one kind count once: a shared IP and a shared /24 are one network signal. */
    enum Kind { GPU_UUID, FINGERPRINT, NETWORK, TIMING }

    record SharedGpuUuid(String uuid) implements Signal {}

    record SharedFingerprint(String fingerprint) implements Signal {}

    record SameOrigin(String ip) implements Signal {}

    record SameSubnet(String subnet) implements Signal {}

    /** Pearson correlation {@code r} of two identities' response times over {@code samples} shared slots. */
    record CorrelatedTiming(double r, int samples) implements Signal {}

    default Kind kind() {
        return switch (this) {
            case SharedGpuUuid uuid -> Kind.GPU_UUID;
            case SharedFingerprint fingerprint -> Kind.FINGERPRINT;
            case SameOrigin origin -> Kind.NETWORK;
            case SameSubnet subnet -> Kind.NETWORK;
            case CorrelatedTiming timing -> Kind.TIMING;
        };
    }
}
