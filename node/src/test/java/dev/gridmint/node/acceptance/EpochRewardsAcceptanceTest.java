package dev.gridmint.node.acceptance;

import static dev.gridmint.node.acceptance.dsl.TestNetwork.CC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.state.EpochSummary;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.CloseEpoch;
import dev.gridmint.node.acceptance.dsl.Eventually;
import dev.gridmint.node.acceptance.dsl.ProviderNode;
import dev.gridmint.node.acceptance.dsl.TestNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator closes epochs as ledger time passes them, and each close pays the staked, active
 * providers their share of the emission: with one provider and no work, all of the availability
 * pool. Epochs last two seconds here, so several close while the test runs.
 */
class EpochRewardsAcceptanceTest {

    @TempDir
    Path dir;

    @Test
    void aStakedProviderEarnsRewardsAtEveryEpochClose() {
        try (var network = TestNetwork.builder().epochSeconds(2).start(dir)) {
            var provider = network.provider("p1").start(1 * CC);
            Eventually.await("two epochs to close with the provider staked", TestNetwork.DEFAULT_WAIT,
                    () -> closedWhileStaked(network, provider).size() >= 2);
            network.freezeTime();

            List<Long> rewarded = closedWhileStaked(network, provider);
            Map<Long, EpochSummary> epochs = network.client().epochs(1_000).stream()
                    .collect(Collectors.toMap(EpochSummary::epoch, Function.identity()));
            long closed = network.ledger().epoch();
            assertThat(epochs.keySet()).hasSize((int) closed).containsAll(rewarded);
            assertThat(rewarded.getLast()).isEqualTo(closed - 1);

            // Before the provider was staked, no provider was active and nothing was paid.
            epochs.values().stream().filter(summary -> !rewarded.contains(summary.epoch())).forEach(summary ->
                    assertThat(summary.providerEmission()).as("epoch %d", summary.epoch()).isZero());
            // After, every close paid the only active provider the whole availability pool; no work was done.
            long earned = 0;
            for (long epoch : rewarded) {
                EpochSummary summary = epochs.get(epoch);
                assertThat(summary.availabilityRewards()).as("epoch %d", epoch).isPositive();
                assertThat(summary.workRewards()).isZero();
                assertThat(summary.providerEmission()).isEqualTo(summary.availabilityRewards());
                assertThat(summary.price()).isEqualTo(network.price());
                earned += summary.availabilityRewards();
            }

            // The rewards wait, unclaimed, in the provider's account; its wallet and stake are untouched.
            var account = network.account(provider.name());
            assertThat(account.unclaimedRewards()).isEqualTo(earned);
            assertThat(provider.view().lastEpochReward()).isEqualTo(epochs.get(closed - 1).availabilityRewards());
            assertThat(provider.earned()).isZero();
            assertThat(network.client().audit().problems()).isEmpty();
            assertThat(network.replayFromStore().root()).isEqualTo(network.state().root());
        }
    }

    /** The epochs the coordinator closed after the provider bonded its stake, in order, from the stored log. */
    private static List<Long> closedWhileStaked(TestNetwork network, ProviderNode provider) {
        List<SignedTx> log = network.transactions();
        int bonded = -1;
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).payload() instanceof BondProviderStake && log.get(i).signer().equals(provider.address())) {
                bonded = i;
            }
        }
        if (bonded < 0) {
            return List.of();
        }
        return log.subList(bonded + 1, log.size()).stream()
                .filter(tx -> tx.payload() instanceof CloseEpoch)
                .map(tx -> ((CloseEpoch) tx.payload()).epoch())
                .toList();
    }
}
