package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.testing.TestKeys;
import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerStateTest {

    private static final Address A = TestKeys.of("a").address();
    private static final Address B = TestKeys.of("b").address();
    private static final JobSpec SPEC = new JobSpec("w", List.of(), 1, 60, 1_000_000);

    @Test
    void theEmptyLedger() {
        var empty = LedgerState.empty();
        assertThat(empty.height()).isZero();
        assertThat(empty.network()).isEmpty();
        assertThat(empty.account(A)).isEqualTo(Account.EMPTY);
        assertThat(empty.provider(A)).isEmpty();
        assertThat(empty.job(Hash.sha256())).isEmpty();
        assertThat(empty.supplyHeld()).isZero();
        assertThat(empty.supplyConserved()).isTrue();
        assertThat(empty.root()).isEqualTo(LedgerState.empty().root());
    }

    @Test
    void updatesMakeNewStates() {
        var empty = LedgerState.empty();
        var credited = empty.credit(A, 10);
        assertThat(empty.account(A).balance()).isZero();
        assertThat(credited.account(A).balance()).isEqualTo(10);
        assertThat(credited.debit(A, 4).account(A).balance()).isEqualTo(6);
        assertThat(credited.account(A).balance()).isEqualTo(10);
        assertThat(credited.nextHeight().height()).isEqualTo(1);
        assertThat(credited.height()).isZero();
    }

    @Test
    void overdraftsAndOverflowsThrowRatherThanWrap() {
        var state = LedgerState.empty().credit(A, 10);
        assertThatThrownBy(() -> state.debit(A, 11)).isInstanceOf(IllegalArgumentException.class);
        var rich = LedgerState.empty().credit(A, Long.MAX_VALUE);
        assertThatThrownBy(() -> rich.credit(A, 1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void supplyCountsBalancesAndOnlyTheEscrowOfOpenJobs() {
        var config = new NetworkConfig("n", A, B, NetworkParams.DEFAULTS);
        var state = LedgerState.empty().credit(A, 700).withGenesis(config, 1_000);
        assertThat(state.supplyConserved()).isFalse();
        var job = Job.submitted(Hash.sha256(new byte[] {1}), A, SPEC, 300, 1);
        assertThat(state.withJob(job).supplyHeld()).isEqualTo(1_000);
        assertThat(state.withJob(job).supplyConserved()).isTrue();
        var lease = new Lease(B, 1, 1_000, 2);
        assertThat(state.withJob(job.leasedTo(lease)).supplyConserved()).isTrue();
        assertThat(state.withJob(job.leasedTo(lease).completed(Hash.sha256())).supplyConserved()).isTrue();
        // Once the escrow is released it must be in a balance, or the supply is short.
        assertThat(state.withJob(job.cancelled()).supplyConserved()).isFalse();
        assertThat(state.withJob(job.cancelled()).credit(A, 300).supplyConserved()).isTrue();
        assertThat(state.withJob(job.leasedTo(lease).released(true)).credit(A, 300).supplyConserved()).isTrue();
    }

    @Test
    void equalStatesHaveEqualRoots() {
        var one = LedgerState.empty().credit(A, 1).credit(B, 2);
        var two = LedgerState.empty().credit(B, 2).credit(A, 1);
        assertThat(one).isEqualTo(two);
        assertThat(one.root()).isEqualTo(two.root());
        assertThat(one.credit(A, 1).root()).isNotEqualTo(one.root());
    }
}
