package dev.gridmint.core.state;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.params.NetworkParams;
import java.util.ArrayList;
import java.util.List;

/**
 * A council proposal to replace the network's parameters, open until it has enough approvals
 * or expires.
 *
 * @param approvals council members that approved it, in order of approval
 * @param executed whether it reached the threshold and its parameters took effect
 */
public record Proposal(Hash id, NetworkParams params, List<Address> approvals, long expiresAt, boolean executed) {

    public Proposal {
        approvals = List.copyOf(approvals);
    }

    public Proposal approvedBy(Address member) {
        var more = new ArrayList<>(approvals);
        more.add(member);
        return new Proposal(id, params, more, expiresAt, executed);
    }

    public Proposal markExecuted() {
        return new Proposal(id, params, approvals, expiresAt, true);
    }
}
