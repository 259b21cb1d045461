package dev.gridmint.verify.sybil;

/** One piece of evidence linking two or more identities. */
public sealed interface Signal {

    /** Signals of one kind count once: a shared IP and a shared /24 are one network signal. */
    enum Kind { GPU_UUID, FINGERPRINT, NETWORK, TIMING }

    Kind kind();

    record SharedGpuUuid(String uuid) implements Signal {
        @Override
        public Kind kind() {
            return Kind.GPU_UUID;
        }
    }

    record SharedFingerprint(String fingerprint) implements Signal {
        @Override
        public Kind kind() {
            return Kind.FINGERPRINT;
        }
    }

    record SameOrigin(String ip) implements Signal {
        @Override
        public Kind kind() {
            return Kind.NETWORK;
        }
    }

    record SameSubnet(String subnet) implements Signal {
        @Override
        public Kind kind() {
            return Kind.NETWORK;
        }
    }

    /** Pearson correlation {@code r} of two identities' response times over {@code samples} shared slots. */
    record CorrelatedTiming(double r, int samples) implements Signal {
        @Override
        public Kind kind() {
            return Kind.TIMING;
        }
    }
}
