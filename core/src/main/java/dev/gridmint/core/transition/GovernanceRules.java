package dev.gridmint.core.transition;

import static dev.gridmint.core.transition.ApplyResult.reject;

import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.state.LedgerState;
import dev.gridmint.core.state.Proposal;
import dev.gridmint.core.transition.ApplyResult.Applied;
import dev.gridmint.core.tx.TxPayload.ApproveProposal;
import dev.gridmint.core.tx.TxPayload.ProposeParams;
import java.util.List;
import java.util.Optional;

/**
 * Parameter changes by an M-of-N council: a member proposes a whole new parameter record, other
 * members approve it, and it takes effect at the threshold of the council in force at that
 * moment. Each approval is its own signed, nonce-bound transaction, so none can be replayed.
 */
final class GovernanceRules {

    private GovernanceRules() {}

    static ApplyResult propose(Context c, ProposeParams propose) {
        if (!c.params().governance().isMember(c.signer())) {
            return notCouncil();
        }
        if (propose.params().token().maxSupply() < c.state().supply().outstanding()) {
            return maxSupplyTooLow();
        }
        long expiresAt = Math.addExact(c.now(), c.params().governance().proposalTtlSeconds());
        var proposal = new Proposal(c.tx().hash(), propose.params(), List.of(c.signer()), expiresAt, false);
        return executeIfApproved(c.state().withProposal(proposal), proposal);
    }

    static ApplyResult approve(Context c, ApproveProposal approve) {
        if (!c.params().governance().isMember(c.signer())) {
            return notCouncil();
        }
        Optional<Proposal> found = c.state().proposals().get(approve.proposalId());
        if (found.isEmpty()) {
            return reject(TxError.UNKNOWN_PROPOSAL, "no proposal " + approve.proposalId());
        }
        Proposal proposal = found.get();
        if (proposal.executed() || c.now() > proposal.expiresAt()) {
            return reject(TxError.PROPOSAL_CLOSED, "proposal " + proposal.id().shortHex() + " is executed or expired");
        }
        if (proposal.approvals().contains(c.signer())) {
            return reject(TxError.ALREADY_APPROVED, "the signer already approved this proposal");
        }
        Proposal approved = proposal.approvedBy(c.signer());
        return executeIfApproved(c.state().withProposal(approved), approved);
    }

    /**
     * Puts the parameters in force once the council in force has approved them. They are checked
     * against the state again then: the supply may have grown since the proposal was made.
     */
    private static ApplyResult executeIfApproved(LedgerState state, Proposal proposal) {
        var network = state.network().orElseThrow();
        var governance = network.params().governance();
        long votes = proposal.approvals().stream().filter(governance::isMember).count();
        if (votes < governance.threshold()) {
            return new Applied(state);
        }
        NetworkParams params = proposal.params();
        if (params.token().maxSupply() < state.supply().outstanding()) {
            return maxSupplyTooLow();
        }
        return new Applied(state.withProposal(proposal.markExecuted()).withNetwork(network.withParams(params)));
    }

    private static ApplyResult maxSupplyTooLow() {
        return reject(TxError.INVALID_AMOUNT, "the max supply cannot go below the outstanding supply");
    }

    private static ApplyResult notCouncil() {
        return reject(TxError.NOT_COUNCIL, "the signer is not on the council");
    }
}
