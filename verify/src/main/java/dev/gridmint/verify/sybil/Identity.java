package dev.gridmint.verify.sybil;

import dev.gridmint.core.crypto.Address;
import java.util.List;

/** What a provider identity reported at registration, and the IPv4 address its connection came from. */
public record Identity(Address provider, List<String> gpuUuids, String hardwareFingerprint, String ip) {

    public Identity {
        gpuUuids = List.copyOf(gpuUuids);
    }

    /** The /24 the address lies in, e.g. "10.1.2.0/24". */
    public String subnet() {
        int lastDot = ip.lastIndexOf('.');
        return (lastDot < 0 ? ip : ip.substring(0, lastDot)) + ".0/24";
    }
}
