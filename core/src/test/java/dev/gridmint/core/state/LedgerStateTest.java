package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.params.NetworkParams;
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
        assertThat(empty.checker(A)).isEmpty();
        assertThat(empty.delegation(A, B)).isEmpty();
        assertThat(empty.supply()).isEqualTo(Supply.EMPTY);
        assertThat(empty.now()).isZero();
        assertThat(SupplyAudit.problems(empty)).isEmpty();
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
        var unbonding = new Unbonding(Hash.sha256(new byte[] {1}), A, A, true, 5, 0);
        var withUnbonding = credited.withUnbonding(unbonding);
        assertThat(withUnbonding.unbondings().get(unbonding.id())).contains(unbonding);
        assertThat(withUnbonding.withoutUnbonding(unbonding.id())).isEqualTo(credited);
        assertThat(withUnbonding.withoutUnbonding(unbonding.id()).root()).isEqualTo(credited.root());
    }

    @Test
    void overdraftsAndOverflowsThrowRatherThanWrap() {
        var state = LedgerState.empty().credit(A, 10);
        assertThatThrownBy(() -> state.debit(A, 11)).isInstanceOf(IllegalArgumentException.class);
        var rich = LedgerState.empty().credit(A, Long.MAX_VALUE);
        assertThatThrownBy(() -> rich.credit(A, 1)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void theAuditCountsBalancesEscrowsAndStake() {
        var config = new NetworkConfig("n", A, B, NetworkParams.defaults(List.of(A), List.of()));
        var state = LedgerState.empty().credit(A, 700).withNetwork(config).withSupply(Supply.EMPTY.mint(1_000));
        assertThat(SupplyAudit.problems(state)).isNotEmpty();
        assertThat(SupplyAudit.problems(state.credit(B, 300))).isEmpty();

        // credits: A holds 500, 300 are escrowed in a job
        var credits = state.credit(B, 300)
                .withAccount(A, state.account(A).withCredits(500))
                .withSupply(state.supply().mintCredits(800).escrowed(300));
        assertThat(SupplyAudit.problems(credits)).as("the escrow is not in any job yet").isNotEmpty();
        var job = Job.submitted(Hash.sha256(new byte[] {1}), A, SPEC, 300, 1);
        assertThat(SupplyAudit.problems(credits.withJob(job))).isEmpty();
        var lease = Lease.started(B, 1, 1_000, 2, 0);
        assertThat(SupplyAudit.problems(credits.withJob(job.leasedTo(lease)))).isEmpty();
        // once the escrow is released it must be back in a wallet, and out of the escrowed total
        var closed = job.closed(JobStatus.CANCELLED, new Settlement(0, 0, 0, 300, 0));
        assertThat(SupplyAudit.problems(credits.withJob(closed))).isNotEmpty();
        var refunded = credits.withJob(closed).withAccount(A, credits.account(A).withCredits(800))
                .withSupply(credits.supply().escrowed(-300));
        assertThat(SupplyAudit.problems(refunded)).isEmpty();

        // stake: bonded provider stake is counted in the staked total
        var offer = new HardwareOffer(DeviceClass.CPU, "cpu", 1, 0, 1, 1, "r", 1);
        var staked = refunded.debit(B, 100).withProvider(Provider.registered(B, offer, 1, 0).withBonded(100));
        assertThat(SupplyAudit.problems(staked)).isNotEmpty();
        assertThat(SupplyAudit.problems(staked.withSupply(staked.supply().staked(100)))).isEmpty();
        // more than the max supply outstanding
        var huge = refunded.credit(B, config.params().token().maxSupply());
        assertThat(SupplyAudit.problems(huge.withSupply(huge.supply().mint(config.params().token().maxSupply()))))
                .anyMatch(problem -> problem.contains("max supply"));
    }

    @Test
    void equalStatesHaveEqualRoots() {
        var one = LedgerState.empty().credit(A, 1).credit(B, 2);
        var two = LedgerState.empty().credit(B, 2).credit(A, 1);
        assertThat(one).isEqualTo(two);
        assertThat(one.root()).isEqualTo(two.root());
        assertThat(one.credit(A, 1).root()).isNotEqualTo(one.root());
        assertThat(one.withClock(one.clock().at(5)).root()).isNotEqualTo(one.root());
        assertThat(one.withSupply(one.supply().mint(3)).root()).isNotEqualTo(one.root());
    }
}
