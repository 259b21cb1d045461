package dev.gridmint.market.matching;

import dev.gridmint.core.crypto.Address;

/** The GPUs of one node that a lease holds, one bit per GPU, and the price agreed per GPU-hour. */
public record Grant(long offerId, Address provider, String model, String region, long gpuMask, long pricePerGpuHour) {

    public int gpus() {
        return Long.bitCount(gpuMask);
    }
}
