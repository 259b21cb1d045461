package dev.gridmint.node.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.transition.TxError;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every ledger refusal is a client error, with the status that says what kind, except the two that
 * say the oracle price or the vault is unavailable for now: those are 503, so clients try again later.
 */
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
            Map.entry(TxError.REPUTATION_TOO_LOW, 422),
            Map.entry(TxError.INVALID_USAGE, 422),
            Map.entry(TxError.NOT_AN_ORACLE, 403),
            Map.entry(TxError.NOT_A_PROVIDER, 403),
            Map.entry(TxError.NOT_COUNCIL, 403),
            Map.entry(TxError.UNKNOWN_CHECKER, 404),
            Map.entry(TxError.UNKNOWN_UNBONDING, 404),
            Map.entry(TxError.UNKNOWN_PROPOSAL, 404),
            Map.entry(TxError.UNKNOWN_TOKEN, 404),
            Map.entry(TxError.POOL_LIMIT, 409),
            Map.entry(TxError.NOT_AN_AUCTION, 409),
            Map.entry(TxError.CLOCK_BACKWARDS, 409),
            Map.entry(TxError.STALE_REPORT, 409),
            Map.entry(TxError.ALREADY_REGISTERED, 409),
            Map.entry(TxError.STILL_UNBONDING, 409),
            Map.entry(TxError.EPOCH_NOT_OVER, 409),
            Map.entry(TxError.PROPOSAL_CLOSED, 409),
            Map.entry(TxError.ALREADY_APPROVED, 409),
            Map.entry(TxError.SLIPPAGE, 422),
            Map.entry(TxError.NOTHING_TO_CLAIM, 422),
            Map.entry(TxError.PROVIDER_HALTED, 422),
            Map.entry(TxError.PRICE_ABOVE_MAX, 422),
            Map.entry(TxError.STAKE_TOO_LOW, 422),
            Map.entry(TxError.SELF_VERDICT, 403),
            Map.entry(TxError.WRONG_ROUND, 409),
            Map.entry(TxError.DUPLICATE_VERDICT, 409),
            Map.entry(TxError.BATCH_OUT_OF_ORDER, 409),
            // A gang's seats were not filled exactly, or a provider's devices are all leased: the ledger's state says no.
            Map.entry(TxError.GANG_MISMATCH, 409),
            Map.entry(TxError.CAPACITY_EXCEEDED, 409),
            // The price oracle or the vault is unavailable for now: the same transaction may pass later (docs/api.md).
            Map.entry(TxError.PRICE_UNAVAILABLE, 503),
            Map.entry(TxError.CIRCUIT_BREAKER, 503)));

    /** Refusals that say a part of the economy is unavailable for now, rather than that the request is wrong. */
    private static final Set<TxError> TEMPORARILY_UNAVAILABLE = EnumSet.of(TxError.PRICE_UNAVAILABLE, TxError.CIRCUIT_BREAKER);

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
        if (TEMPORARILY_UNAVAILABLE.contains(error)) {
            assertThat(HttpApi.statusOf(error)).isEqualTo(503);
        } else {
            assertThat(HttpApi.statusOf(error)).isBetween(400, 499);
        }
    }
}
