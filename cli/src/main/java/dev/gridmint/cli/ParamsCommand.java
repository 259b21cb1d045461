package dev.gridmint.cli;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.params.NetworkParams;
import dev.gridmint.core.tx.TxPayload.ApproveProposal;
import dev.gridmint.core.tx.TxPayload.ProposeParams;
import dev.gridmint.node.api.Views.ParamsView;
import dev.gridmint.node.api.Views.TxAccepted;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "params", mixinStandardHelpOptions = true,
        description = {"Shows the network parameters, and lets council members propose and approve changes to them.",
            "Example: gridmint params propose --key council1.json --set credits.spreadBps=30"},
        subcommands = {ParamsCommand.Show.class, ParamsCommand.Propose.class, ParamsCommand.Approve.class})
final class ParamsCommand extends CommandGroup {

    /** A submitted proposal: its id (the transaction hash) and what it changes. */
    record Proposed(String proposalId, long height, boolean submitted, List<ParamOverrides.Change> changes) {}

    /** An accepted approval. */
    record Approved(String proposalId, String txHash, long height, int threshold, int councilSize) {}

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows every parameter in force: the same as 'gridmint ledger params'.", "Example: gridmint params show"})
    static final class Show implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print the parameters as JSON.")
        boolean json;

        @Override
        public Integer call() {
            LedgerEconomics.Params.print(coordinator.client().params(), json);
            return 0;
        }
    }

    @Command(name = "propose", mixinStandardHelpOptions = true,
            description = {"Proposes the parameters in force with the given changes; the proposal counts as the signer's approval.",
                "The signer must be on the council. Prints the proposal id for the others to approve.",
                "Example: gridmint params propose --key council1.json --set credits.spreadBps=30 --set staking.gpuStakeUnit=1500"},
            footer = {"", "Parameters --set knows (bps: basis points, 100 = 1%%; GRID: up to 6 decimals):",
                "  maxJobAttempts (count)",
                "  credits.spreadBps, credits.protocolFeeBps (bps)",
                "  credits.warnRatioBps, credits.haltRatioBps (bps)",
                "  credits.minRunwaySeconds (seconds)",
                "  emission.providerDecayBps, emission.workShareBps, emission.netEmissionCapBps (bps)",
                "  staking.gpuStakeUnit, staking.cpuStakeUnit, staking.minCheckerStake (GRID)",
                "  staking.delegationCommissionBps (bps), staking.unbondingSeconds (seconds)",
                "  oracle.minReports (count), oracle.maxAgeSeconds (seconds)",
                "  oracle.maxDeviationBps (bps)",
                "  governance.threshold (count), governance.proposalTtlSeconds (seconds)",
                "  verification.kappaBps, verification.reputationAlphaBps, verification.lieSlashBps (bps)",
                "  verification.fraudThreshold, verification.outvoteTolerance, verification.lieThreshold (score, 0..1000)",
                "  verification.lieQuorum (count)"})
    static final class Propose implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--set", required = true, paramLabel = "NAME=VALUE",
                description = "A parameter to change, such as credits.spreadBps=30; repeat for several.")
        List<String> settings = new ArrayList<>();

        @Option(names = "--dry-run", description = "Show what would change without submitting the proposal.")
        boolean dryRun;

        @Override
        public Integer call() {
            ParamOverrides.parse(settings);
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            ParamsView view = client.params();
            NetworkParams inForce = ParamOverrides.fromView(view);
            NetworkParams proposed = ParamOverrides.apply(inForce, settings);
            var changes = ParamOverrides.changes(inForce, proposed);
            if (changes.isEmpty()) {
                throw new UserError("the proposal changes nothing: every --set value is already in force");
            }
            if (!dryRun && !view.governance().council().contains(signer.address().toString())) {
                throw new UserError(signer.address() + " is not on the council (members: "
                        + String.join(", ", view.governance().council()) + ")");
            }
            TxAccepted accepted = dryRun ? null : client.signAndSubmit(signer, new ProposeParams(proposed));
            if (options.json) {
                JsonOut.print(System.out, new Proposed(accepted == null ? null : accepted.txHash(),
                        accepted == null ? 0 : accepted.height(), accepted != null, changes));
                return 0;
            }
            System.out.println(dryRun ? "Would propose:" : "Proposed:");
            for (var change : changes) {
                System.out.printf("  %-32s %s -> %s%n", change.name(), change.from(), change.to());
            }
            if (accepted != null) {
                System.out.println("Proposal id: " + accepted.txHash() + " (height " + accepted.height() + ")");
                System.out.println("Approvals needed: " + view.governance().threshold() + " of "
                        + view.governance().council().size() + " (this proposal counts as yours)");
                System.out.println("Others approve with: gridmint params approve --key <KEY> --id " + accepted.txHash());
            }
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = {"Approves an open parameter proposal; once the council threshold approves, the parameters take effect.",
                "Example: gridmint params approve --key council2.json --id <PROPOSAL_ID>"})
    static final class Approve implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--id", required = true, paramLabel = "HASH", description = "The proposal id 'gridmint params propose' printed.")
        String id;

        @Override
        public Integer call() {
            Hash proposalId = Inputs.hash(id, "a proposal id");
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            var council = client.params().governance();
            if (!council.council().contains(signer.address().toString())) {
                throw new UserError(signer.address() + " is not on the council (members: "
                        + String.join(", ", council.council()) + ")");
            }
            TxAccepted accepted = client.signAndSubmit(signer, new ApproveProposal(proposalId));
            if (options.json) {
                JsonOut.print(System.out, new Approved(proposalId.hex(), accepted.txHash(), accepted.height(),
                        council.threshold(), council.council().size()));
            } else {
                System.out.println("Approved proposal " + proposalId.hex() + ".");
                System.out.println("It takes effect once " + council.threshold() + " of " + council.council().size()
                        + " council members approve; check with: gridmint ledger params");
                System.out.println("Tx " + accepted.txHash() + " at height " + accepted.height());
            }
            return 0;
        }
    }
}
