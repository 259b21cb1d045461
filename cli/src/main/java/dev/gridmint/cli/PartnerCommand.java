package dev.gridmint.cli;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.PartnerToken;
import dev.gridmint.core.tx.TxPayload.OpenPartnerPool;
import dev.gridmint.core.tx.TxPayload.TransferPartnerToken;
import dev.gridmint.node.api.Views.PartnerPoolView;
import dev.gridmint.node.api.Views.TxAccepted;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "partner", mixinStandardHelpOptions = true,
        description = {"Partner-token reward pools: a partner streams its own token to everyone who delegates GRID to checkers.",
            "Delegators collect their share with 'gridmint stake claim --checker <ADDRESS>'.",
            "Example: gridmint partner open --key partner.json --token CARV --amount 1000000 --days 30"},
        subcommands = {PartnerCommand.Open.class, PartnerCommand.Transfer.class, PartnerCommand.Pools.class})
final class PartnerCommand extends CommandGroup {

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Opens a pool that streams AMOUNT units of the signer's token over DAYS, pro rata to delegated stake.",
                "The first pool of a symbol makes the signer its issuer; only the issuer opens more.",
                "Example: gridmint partner open --key partner.json --token CARV --amount 1000000 --days 30"})
    static final class Open implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--token", required = true, paramLabel = "SYMBOL", description = "2 to 12 of A-Z and 0-9.")
        String token;

        @Option(names = "--amount", required = true, paramLabel = "UNITS", description = "Whole units of the token to stream.")
        long amount;

        @Option(names = "--days", required = true, paramLabel = "DAYS", description = "How long the stream runs.")
        double days;

        @Override
        public Integer call() {
            checkSymbol(token);
            if (amount <= 0 || days <= 0 || days > 4 * 365) {
                throw new UserError("--amount must be positive and --days within 0..1460");
            }
            long seconds = Math.round(days * 24 * 3600);
            TxAccepted accepted = options.client().signAndSubmit(options.signer(), new OpenPartnerPool(token, amount, seconds));
            if (options.json) {
                JsonOut.print(System.out, Map.of("poolId", accepted.txHash(), "height", accepted.height(), "token", token,
                        "amount", amount, "durationSeconds", seconds));
            } else {
                System.out.println("Opened pool " + accepted.txHash() + ": " + amount + " " + token + " over " + seconds + " s");
            }
            return 0;
        }
    }

    @Command(name = "transfer", mixinStandardHelpOptions = true,
            description = {"Moves partner-token units to another account.",
                "Example: gridmint partner transfer --key me.json --token CARV --to <ADDRESS> --amount 10"})
    static final class Transfer implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--token", required = true, paramLabel = "SYMBOL")
        String token;

        @Option(names = "--to", required = true, paramLabel = "ADDRESS")
        String to;

        @Option(names = "--amount", required = true, paramLabel = "UNITS")
        long amount;

        @Override
        public Integer call() {
            checkSymbol(token);
            Address recipient = Inputs.address(to, "--to");
            if (amount <= 0) {
                throw new UserError("--amount must be positive");
            }
            TxAccepted accepted = options.client().signAndSubmit(options.signer(), new TransferPartnerToken(token, recipient, amount));
            if (options.json) {
                JsonOut.print(System.out, accepted);
            } else {
                System.out.println("Sent " + amount + " " + token + " to " + recipient + " (tx " + accepted.txHash() + ")");
            }
            return 0;
        }
    }

    @Command(name = "pools", mixinStandardHelpOptions = true,
            description = {"Lists the partner pools that are streaming or in their claim window.",
                "Example: gridmint partner pools --json"})
    static final class Pools implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<PartnerPoolView> pools = coordinator.client().partnerPools();
            if (json) {
                JsonOut.print(System.out, Map.of("pools", pools));
                return 0;
            }
            if (pools.isEmpty()) {
                System.out.println("No partner pools.");
            }
            for (PartnerPoolView pool : pools) {
                System.out.printf("%s  %-12s %,d over %s..%s  distributed %,d  claimed %,d  returned %,d%n",
                        pool.id().substring(0, 12), pool.token(), pool.amount(), pool.startAt(), pool.endAt(),
                        pool.distributed(), pool.claimed(), pool.returned());
            }
            return 0;
        }
    }

    private static void checkSymbol(String token) {
        try {
            PartnerToken.requireSymbol(token);
        } catch (IllegalArgumentException e) {
            throw new UserError("--token: " + e.getMessage());
        }
    }
}
