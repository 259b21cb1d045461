package dev.gridmint.core.transition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.Account;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.SupplyAudit;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.transition.ApplyResult.Rejected;
import dev.gridmint.core.tx.SignedTx;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.Allocation;
import dev.gridmint.core.tx.TxPayload.Genesis;
import dev.gridmint.core.tx.TxPayload.Tick;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives one ledger through the real state transition for the economics tests: every accepted
 * transaction is checked against the supply invariants, every refused one against an unchanged
 * state, and the log is kept so a test can replay it.
 */
final class EconomyDriver {

    static final String NETWORK = "gridmint-economics-test";
    static final long GENESIS_TIME = 1_800_000_000L;

    private LedgerState state = LedgerState.empty();
    private final List<SignedTx> log = new ArrayList<>();
    private final Keypair coordinator;

    EconomyDriver(Keypair founder, Keypair treasury, Keypair coordinator, NetworkParams params, List<Allocation> allocations) {
        this.coordinator = coordinator;
        accept(founder, new Genesis(treasury.address(), coordinator.address(), params, GENESIS_TIME, allocations), 1);
    }

    LedgerState state() {
        return state;
    }

    List<SignedTx> log() {
        return List.copyOf(log);
    }

    Account account(Keypair key) {
        return state.account(key.address());
    }

    /** Applies a transaction that must be accepted, and checks every invariant after it. */
    LedgerState accept(Keypair signer, TxPayload payload) {
        return accept(signer, payload, state.account(signer.address()).nonce() + 1);
    }

    private LedgerState accept(Keypair signer, TxPayload payload, long nonce) {
        SignedTx tx = SignedTx.sign(signer, NETWORK, nonce, payload);
        ApplyResult result = StateTransition.apply(state, tx);
        if (result instanceof Rejected rejected) {
            throw new AssertionError(payload + " was refused: " + rejected.error() + " " + rejected.message());
        }
        state = ((Applied) result).state();
        log.add(tx);
        assertThat(SupplyAudit.problems(state)).as("invariants after " + payload).isEmpty();
        return state;
    }

    /** Applies a transaction that must be refused with {@code error}, and checks that nothing changed. */
    Rejected refuse(Keypair signer, TxPayload payload, TxError error) {
        SignedTx tx = SignedTx.sign(signer, NETWORK, state.account(signer.address()).nonce() + 1, payload);
        ApplyResult result = StateTransition.apply(state, tx);
        assertThat(result).as(payload.toString()).isInstanceOf(Rejected.class);
        Rejected rejected = (Rejected) result;
        assertThat(rejected.error()).as(rejected.message()).isEqualTo(error);
        return rejected;
    }

    /** Moves ledger time to {@code seconds} after genesis, by the coordinator's tick. */
    LedgerState at(long seconds) {
        return accept(coordinator, new Tick(GENESIS_TIME + seconds));
    }

    LedgerState coordinatorDoes(TxPayload payload) {
        return accept(coordinator, payload);
    }

    Rejected coordinatorFails(TxPayload payload, TxError error) {
        return refuse(coordinator, payload, error);
    }

    /** The hash of the last accepted transaction: a job's id when it was a submission. */
    dev.gridmint.core.crypto.Hash lastTxHash() {
        return log.getLast().hash();
    }

    /** The state a fresh replay of the whole log reaches. */
    LedgerState replay() {
        LedgerState replayed = LedgerState.empty();
        for (SignedTx tx : log) {
            replayed = ((Applied) StateTransition.apply(replayed, tx)).state();
        }
        return replayed;
    }
}
