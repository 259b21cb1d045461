package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.Formats;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.tx.TxPayload.ReportPrice;
import dev.gridmint.node.api.Views.TxAccepted;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "oracle", mixinStandardHelpOptions = true,
        description = "Reports the GRID price as an oracle reporter named in genesis.",
        subcommands = {OracleCommand.Report.class})
final class OracleCommand extends CommandGroup {

    /** An accepted price report and the price in force after it (0 while too few fresh reports agree). */
    record Reported(String txHash, long height, long price, long observedAt, long priceInForce) {}

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Signs a report of the GRID price in USD, observed at the ledger's current time.",
                "The key must be one of the oracle reporters in the parameters in force (see 'gridmint ledger params').",
                "Example: gridmint oracle report --key oracle.json --price 0.25"})
    static final class Report implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--price", required = true, paramLabel = "USD", description = "USD per GRID, at most 6 decimals, e.g. 0.25.")
        String price;

        @Override
        public Integer call() {
            long micro = Inputs.positiveUsd(price, "--price");
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            var reporters = client.params().oracle().reporters();
            if (!reporters.contains(signer.address().toString())) {
                throw new UserError(signer.address() + " is not an oracle reporter named in genesis"
                        + (reporters.isEmpty() ? " (this network has none)" : " (reporters: " + String.join(", ", reporters) + ")"));
            }
            long observedAt = client.ledger().now();
            TxAccepted accepted = client.signAndSubmit(signer, new ReportPrice(micro, observedAt));
            long inForce = client.supply().price();
            if (options.json) {
                JsonOut.print(System.out, new Reported(accepted.txHash(), accepted.height(), micro, observedAt, inForce));
            } else {
                System.out.println("Reported " + Amounts.price(micro) + " observed at " + Formats.time(observedAt) + ".");
                System.out.println("Price in force: " + Formats.price(inForce));
                System.out.println("Tx " + accepted.txHash() + " at height " + accepted.height());
            }
            return 0;
        }
    }
}
