package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.economics.PriceOracle;
import dev.gridmint.core.economics.PriceOracle.Observation;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.params.OracleParams;
import java.util.ArrayList;
import java.util.OptionalLong;

/** The GRID price the ledger acts on: the current reporters' reports, median, outliers dropped, stale refused. */
public final class Prices {

    private Prices() {}

    /** Micro-USD per GRID at ledger time, or empty when too few fresh, agreeing reports exist. */
    public static OptionalLong current(LedgerState state, NetworkParams params) {
        OracleParams oracle = params.oracle();
        var observations = new ArrayList<Observation>();
        for (Address reporter : oracle.reporters()) {
            state.prices().get(reporter).ifPresent(r -> observations.add(new Observation(r.price(), r.observedAt())));
        }
        return PriceOracle.price(observations, state.now(), oracle.maxAgeSeconds(), oracle.maxDeviationBps(),
                oracle.minReports());
    }
}
