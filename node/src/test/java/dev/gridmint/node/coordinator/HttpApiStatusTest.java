package dev.gridmint.node.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.transition.TxError;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every ledger refusal is a client error, with the status that says what kind. */
class HttpApiStatusTest {

    /** The contract clients code against; a change here is a breaking API change. */
    private static final Map<TxError, Integer> EXPECTED = new EnumMap<>(Map.ofEntries(
            Map.entry(TxError.MALFORMED, 400),
            Map.entry(TxError.WRONG_NETWORK, 400),
            Map.entry(TxError.NO_GENESIS, 400),
            Map.entry(TxError.BAD_SIGNATURE, 401),
            Map.entry(TxError.UNAUTHORIZED, 403),
            Map.entry(TxError.NOT_LEASE_HOLDER, 403),
            Map.entry(TxError.UNKNOWN_JOB, 404),
            Map.entry(TxError.UNKNOWN_PROVIDER, 404),
            Map.entry(TxError.BAD_NONCE, 409),
            Map.entry(TxError.INVALID_JOB_STATE, 409),
            Map.entry(TxError.GENESIS_ALREADY_APPLIED, 409),
            Map.entry(TxError.INVALID_AMOUNT, 422),
            Map.entry(TxError.INSUFFICIENT_FUNDS, 422),
            Map.entry(TxError.SUPPLY_OVERFLOW, 422),
            Map.entry(TxError.ESCROW_TOO_LOW, 422),
            Map.entry(TxError.OFFER_MISMATCH, 422),
            Map.entry(TxError.INVALID_USAGE, 422)));

    @Test
    void theTableCoversEveryError() {
        assertThat(EXPECTED.keySet()).containsExactlyInAnyOrder(TxError.values());
    }

    @ParameterizedTest
    @EnumSource(TxError.class)
    void mapsEachErrorToItsStatus(TxError error) {
        assertThat(HttpApi.statusOf(error)).isEqualTo(EXPECTED.get(error));
    }

    @ParameterizedTest
    @EnumSource(TxError.class)
    void noRefusalIsAServerError(TxError error) {
        assertThat(HttpApi.statusOf(error)).isBetween(400, 499);
    }
}
