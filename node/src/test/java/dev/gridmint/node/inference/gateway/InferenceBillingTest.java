package dev.gridmint.node.inference.gateway;

import static dev.gridmint.core.testing.LedgerFixture.ALICE;
import static dev.gridmint.core.testing.LedgerFixture.BOB;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_1;
import static dev.gridmint.core.testing.LedgerFixture.PROVIDER_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.testing.LedgerFixture;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.InferenceRules;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.SettleInference;
import dev.gridmint.workloads.serve.NamesChatModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meter and its settler against a real ledger (the core's state transition, real signatures): batches settle
 * exactly once, across restarts that lose track of a batch before or after the ledger applied it.
 */
class InferenceBillingTest {

    /** The hashes of one API key of alice's and one of bob's, as the gateway meters them. */
    private static final String KEY_ALICE = "a".repeat(64);
    private static final String KEY_BOB = "b".repeat(64);

    @TempDir
    Path dir;
    private LedgerFixture ledger;
    private final List<SettleInference> submitted = new ArrayList<>();

    @BeforeEach
    void start() {
        ledger = LedgerFixture.standard();
        ledger.register(PROVIDER_1, LedgerFixture.gpuOffer(1, LedgerFixture.CC));
        ledger.register(PROVIDER_2, LedgerFixture.gpuOffer(1, LedgerFixture.CC));
    }

    /** Applies what the settler submits, as the coordinator's scheduler would. */
    private Optional<Boolean> apply(TxPayload payload) {
        submitted.add((SettleInference) payload);
        return Optional.of(ledger.tryApply(ledger.signed(ledger.coordinator(), payload)) instanceof Applied);
    }

    private InferenceBilling open(InferenceBilling.Submitter submitter) {
        return InferenceBilling.open(dir, ledger.networkId(), ledger::state, submitter);
    }

    @Test
    void metersSettleOnceAndMoveExactlyTheMeteredCredits() {
        var billing = open(this::apply);
        var random = new SplittableRandom(9);
        long aliceCredits = ledger.credits(ALICE);
        long metered = 0;
        for (int i = 0; i < 50; i++) {
            var provider = random.nextBoolean() ? PROVIDER_1 : PROVIDER_2;
            metered += billing.meter.record(ALICE.address(), KEY_ALICE, provider.address(), NamesChatModel.ID, random.nextInt(1, 40),
                    random.nextInt(1, 200)).microCc();
        }
        assertThat(billing.meter.owed(ALICE.address())).isEqualTo(metered);
        billing.settle();
        assertThat(ledger.credits(ALICE)).isEqualTo(aliceCredits - metered);
        assertThat(billing.usage(ALICE.address()).settledMicroCc()).isEqualTo(metered);
        assertThat(billing.meter.owed(ALICE.address())).isZero();
        billing.settle(); // nothing new: nothing submitted
        assertThat(submitted).hasSize(1);
        assertThat(submitted.getFirst().entries()).hasSize(2);
        ledger.audit();
    }

    @Test
    void aBatchTheLedgerAppliedBeforeACrashIsNotChargedAgain() {
        var billing = open(payload -> {
            apply(payload);
            throw new IllegalStateException("the coordinator died right after the ledger applied the batch");
        });
        long before = ledger.credits(ALICE);
        long cost = billing.meter.record(ALICE.address(), KEY_ALICE, PROVIDER_1.address(), NamesChatModel.ID, 10, 990).microCc();
        assertThatThrownBy(billing::settle).hasMessageContaining("died");
        long afterFirst = ledger.credits(ALICE);
        assertThat(afterFirst).isEqualTo(before - cost);

        var restarted = open(this::apply);
        assertThat(restarted.meter.owed(ALICE.address())).isEqualTo(cost);
        restarted.settle();
        assertThat(ledger.credits(ALICE)).isEqualTo(afterFirst);
        assertThat(restarted.usage(ALICE.address()).settledMicroCc()).isEqualTo(cost);
        assertThat(restarted.meter.owed(ALICE.address())).isZero();
        assertThat(submitted).hasSize(1);
        assertThat(InferenceRules.lastBatch(ledger.state())).isEqualTo(1);
    }

    @Test
    void aBatchCutButNeverSubmittedIsSettledAfterTheRestartAndUsageMeteredBeforeItSurvives() {
        var crashing = open(payload -> Optional.empty()); // never reaches the ledger
        long first = crashing.meter.record(ALICE.address(), KEY_ALICE, PROVIDER_1.address(), NamesChatModel.ID, 10, 490).microCc();
        crashing.settle();
        long second = crashing.meter.record(BOB.address(), KEY_BOB, PROVIDER_2.address(), NamesChatModel.ID, 5, 95).microCc();
        crashing.flush();
        long alice = ledger.credits(ALICE);
        long bob = ledger.credits(BOB);

        var restarted = open(this::apply);
        restarted.settle(); // the batch in flight, under its number
        restarted.settle(); // then what was still open
        assertThat(ledger.credits(ALICE)).isEqualTo(alice - first);
        assertThat(ledger.credits(BOB)).isEqualTo(bob - second);
        assertThat(submitted).extracting(SettleInference::batch).containsExactly(1L, 2L);
        assertThat(restarted.usage(BOB.address()).pendingMicroCc()).isZero();
        // Each key's tally survives the restart too.
        assertThat(restarted.meter.keyUsage(KEY_ALICE)).isEqualTo(new UsageMeter.KeyUsage(KEY_ALICE, 10, 490, first));
        assertThat(restarted.meter.keyUsage(KEY_BOB)).isEqualTo(new UsageMeter.KeyUsage(KEY_BOB, 5, 95, second));
        ledger.audit();
    }

    @Test
    void usageAPayerCanNoLongerCoverIsChargedAsFarAsItGoesAndNeverRefusesTheBatch() {
        var billing = open(this::apply);
        long held = ledger.credits(ALICE);
        billing.meter.record(ALICE.address(), KEY_ALICE, PROVIDER_1.address(), NamesChatModel.ID, 1, 1);
        // More than the wallet holds (the gateway's check would not let it, but the wallet may spend its credits elsewhere).
        billing.meter.record(ALICE.address(), KEY_ALICE, PROVIDER_2.address(), NamesChatModel.ID, 0, held / 2 + 10);
        billing.settle();
        assertThat(ledger.credits(ALICE)).isZero();
        assertThat(billing.usage(ALICE.address()).settledMicroCc()).isEqualTo(held);
        assertThat(billing.usage(ALICE.address()).unpaidMicroCc()).isPositive();
        assertThat(billing.meter.owed(ALICE.address())).isZero();
    }

    @Test
    void keysSurviveARestartHashed() throws Exception {
        var billing = open(this::apply);
        String key = billing.keys.create(KeyGrant.sign(ALICE, ledger.networkId(), 1, ledger.now() + 60), ledger.now());
        var restarted = open(this::apply);
        assertThat(restarted.keys.find(key).orElseThrow().wallet()).isEqualTo(ALICE.address());
        assertThat(java.nio.file.Files.readString(dir.resolve("api-keys.json"))).doesNotContain(key.substring(ApiKeys.PREFIX.length()));
        // The grant stays spent across the restart.
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> restarted.keys.create(
                KeyGrant.sign(ALICE, ledger.networkId(), 1, ledger.now() + 60), ledger.now()))).hasMessageContaining("already used");
    }

    @Test
    void aRevocationAndAKeysLimitSurviveARestart() {
        var billing = open(this::apply);
        String revoked = billing.keys.create(KeyGrant.sign(ALICE, ledger.networkId(), 1, ledger.now() + 60), ledger.now());
        String kept = billing.keys.create(KeyGrant.sign(ALICE, ledger.networkId(), 2, ledger.now() + 60, 5_000), ledger.now());
        String id = billing.keys.find(revoked).orElseThrow().id();
        billing.keys.revoke(KeyRevocation.sign(ALICE, ledger.networkId(), id, 3, ledger.now() + 60), ledger.now());
        var restarted = open(this::apply);
        assertThat(restarted.keys.find(revoked)).isEmpty();
        assertThat(restarted.keys.find(kept).orElseThrow().created()).isEqualTo(ledger.now());
        assertThat(restarted.keys.find(kept).orElseThrow().limit()).hasValue(5_000);
    }
}
