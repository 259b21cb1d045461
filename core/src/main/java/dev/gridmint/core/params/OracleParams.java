package dev.gridmint.core.params;

import dev.gridmint.core.crypto.Address;
import java.util.List;

/**
 * Who reports the GRID price and when a price counts.
 *
 * @param reporters the keys whose signed price reports count
 * @param minReports fresh, agreeing reports needed for a price
 * @param maxAgeSeconds a report older than this is stale
 * @param maxDeviationBps a report further than this from the median is dropped (150 = 1.5%)
 */
public record OracleParams(List<Address> reporters, int minReports, long maxAgeSeconds, int maxDeviationBps) {

    public static final int MAX_REPORTERS = 32;

    public OracleParams {
        reporters = List.copyOf(reporters);
        Bounds.range(reporters.size(), 0, MAX_REPORTERS, "oracle reporter count");
        if (reporters.stream().distinct().count() != reporters.size()) {
            throw new IllegalArgumentException("oracle reporters must be distinct");
        }
        Bounds.range(minReports, 1, Math.max(1, reporters.size()), "minimum oracle reports");
        Bounds.range(maxAgeSeconds, 1, 30L * 24 * 3600, "oracle max age");
        Bounds.bps(maxDeviationBps, "oracle max deviation");
    }

    /** Reports fresh for an hour, outliers beyond 1.5% dropped, and two agreeing reports needed where two reporters exist (L1). */
    public static OracleParams of(List<Address> reporters) {
        return new OracleParams(reporters, Math.min(2, Math.max(1, reporters.size())), 3_600, 150);
    }
}
