package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.Formats;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.economics.Bme;
import dev.gridmint.core.tx.TxPayload.MintCredits;
import dev.gridmint.core.tx.TxPayload.RefundCredits;
import dev.gridmint.node.api.Views.AccountView;
import dev.gridmint.node.api.Views.SupplyView;
import dev.gridmint.node.api.Views.TxAccepted;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "credits", mixinStandardHelpOptions = true,
        description = "Buys and refunds compute credits (CC, 1 CC = 1 USD) by burning GRID into the vault at the oracle price.",
        subcommands = {CreditsCommand.Buy.class, CreditsCommand.Refund.class, CreditsCommand.Show.class})
final class CreditsCommand extends CommandGroup {

    /** The slippage allowed by default against the quoted price: 1% (100 bps). */
    static final int DEFAULT_SLIPPAGE_BPS = 100;

    /** What {@code credits buy} did. */
    record Bought(String txHash, long height, long credits, long maxGrid, long quotedGrid, long price, long balance,
            long creditsAfter) {}

    /** What {@code credits refund} did. */
    record Refunded(String txHash, long height, long credits, long minGrid, long quotedGrid, long price, long balance,
            long creditsAfter) {}

    /** An account's credits and the state of the vault behind them. */
    record CreditsStatus(String address, long credits, long balance, long price, long collateralRatioBps, String breaker,
            long creditsOutstanding, long creditsEscrowed, long vault) {}

    /**
     * The most micro-GRID to burn for {@code credits} micro-CC at {@code price} with the spread: the quoted cost
     * plus {@code slippageBps}, rounded up. Throws {@link UserError} when there is no fresh price.
     */
    static long maxGridFor(long credits, long price, int spreadBps, int slippageBps) {
        requirePrice(price, "--max-grid");
        long quoted = quoteBuy(credits, price, spreadBps);
        try {
            return Math.addExact(quoted, Math.ceilDiv(Math.multiplyExact(quoted, (long) slippageBps), 10_000L));
        } catch (ArithmeticException e) {
            throw new UserError("the amount is too large");
        }
    }

    /** The least micro-GRID to accept for refunding {@code credits}: the quote less {@code slippageBps}, rounded down. */
    static long minGridFor(long credits, long price, int spreadBps, int slippageBps) {
        requirePrice(price, "--min-grid");
        long quoted = quoteRefund(credits, price, spreadBps);
        try {
            return Math.subtractExact(quoted, Math.ceilDiv(Math.multiplyExact(quoted, (long) slippageBps), 10_000L));
        } catch (ArithmeticException e) {
            throw new UserError("the amount is too large");
        }
    }

    static long quoteBuy(long credits, long price, int spreadBps) {
        requirePrice(price, "the limit");
        try {
            return Bme.gridForCredits(credits, price, spreadBps);
        } catch (ArithmeticException e) {
            throw new UserError("the amount is too large");
        }
    }

    static long quoteRefund(long credits, long price, int spreadBps) {
        requirePrice(price, "the limit");
        try {
            return Bme.gridForRefund(credits, price, spreadBps);
        } catch (ArithmeticException e) {
            throw new UserError("the amount is too large");
        }
    }

    private static void requirePrice(long price, String limitOption) {
        if (price <= 0) {
            throw new UserError("no fresh oracle price: the ledger has no recent price report, so credits cannot be"
                    + " priced now (an oracle reporter runs 'gridmint oracle report'; or pass " + limitOption + ")");
        }
    }

    /** The signer's GRID and credits after an accepted trade, and where the trade landed. */
    private static void printAfter(AccountView account, TxAccepted accepted) {
        System.out.println("Balance:  " + Amounts.grid(account.balance()));
        System.out.println("Credits:  " + Amounts.credits(account.credits()));
        System.out.println("Tx " + accepted.txHash() + " at height " + accepted.height());
    }

    @Command(name = "buy", mixinStandardHelpOptions = true,
            description = {"Burns GRID into the vault for compute credits at the oracle price less the spread.",
                "By default at most the quoted GRID cost plus 1%% slippage is burned; --max-grid sets that limit yourself.",
                "Example: gridmint credits buy --key me.json --amount 25"})
    static final class Buy implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--amount", required = true, paramLabel = "CC", description = "Credits to buy, e.g. 25 or 12.5 (1 CC = 1 USD).")
        String amount;

        @Option(names = "--max-grid", paramLabel = "GRID",
                description = "Most GRID to burn (default: the cost at the current oracle price plus 1%%).")
        String maxGrid;

        @Override
        public Integer call() {
            long credits = Inputs.positiveCredits(amount, "--amount");
            Long explicitMax = maxGrid == null ? null : Inputs.positiveGrid(maxGrid, "--max-grid");
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            long price = client.supply().price();
            int spread = client.params().credits().spreadBps();
            long quoted = price > 0 ? quoteBuy(credits, price, spread) : 0;
            long limit = explicitMax != null ? explicitMax : maxGridFor(credits, price, spread, DEFAULT_SLIPPAGE_BPS);
            var accepted = client.signAndSubmit(signer, new MintCredits(credits, limit));
            var account = client.account(signer.address());
            var result = new Bought(accepted.txHash(), accepted.height(), credits, limit, quoted, price, account.balance(),
                    account.credits());
            if (options.json) {
                JsonOut.print(System.out, result);
            } else {
                System.out.println("Bought " + Amounts.credits(credits) + " at " + Formats.price(price)
                        + (price > 0 ? " (quoted cost " + Amounts.grid(quoted) + ", " + Formats.percent(spread) + " spread)" : ""));
                System.out.println("Burned at most " + Amounts.grid(limit));
                printAfter(account, accepted);
            }
            return 0;
        }
    }

    @Command(name = "refund", mixinStandardHelpOptions = true,
            description = {"Turns unused compute credits back into GRID from the vault at the oracle price less the spread.",
                "By default at least the quoted GRID less 1%% slippage must come back; --min-grid sets that limit yourself.",
                "Example: gridmint credits refund --key me.json --amount 10"})
    static final class Refund implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--amount", required = true, paramLabel = "CC", description = "Credits to refund, e.g. 10.")
        String amount;

        @Option(names = "--min-grid", paramLabel = "GRID",
                description = "Least GRID to accept (default: the refund at the current oracle price less 1%%).")
        String minGrid;

        @Override
        public Integer call() {
            long credits = Inputs.positiveCredits(amount, "--amount");
            Long explicitMin = minGrid == null ? null : Inputs.grid(minGrid, "--min-grid");
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            long price = client.supply().price();
            int spread = client.params().credits().spreadBps();
            long quoted = price > 0 ? quoteRefund(credits, price, spread) : 0;
            long limit = explicitMin != null ? explicitMin : minGridFor(credits, price, spread, DEFAULT_SLIPPAGE_BPS);
            var accepted = client.signAndSubmit(signer, new RefundCredits(credits, limit));
            var account = client.account(signer.address());
            var result = new Refunded(accepted.txHash(), accepted.height(), credits, limit, quoted, price,
                    account.balance(), account.credits());
            if (options.json) {
                JsonOut.print(System.out, result);
            } else {
                System.out.println("Refunded " + Amounts.credits(credits) + " at " + Formats.price(price)
                        + (price > 0 ? " (quoted " + Amounts.grid(quoted) + ", " + Formats.percent(spread) + " spread)" : ""));
                System.out.println("Received at least " + Amounts.grid(limit));
                printAfter(account, accepted);
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows an account's credits and the vault behind them: oracle price, collateral ratio, breaker.",
                "Example: gridmint credits show --key me.json"})
    static final class Show implements Callable<Integer> {

        @ArgGroup(multiplicity = "1")
        AccountCommand.Who who;

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print as JSON.")
        boolean json;

        @Override
        public Integer call() {
            CoordinatorClient client = coordinator.client();
            var account = client.account(who.resolve());
            SupplyView supply = client.supply();
            var status = new CreditsStatus(account.address(), account.credits(), account.balance(), supply.price(),
                    supply.collateralRatioBps(), supply.breaker(), supply.creditsOutstanding(), supply.creditsEscrowed(),
                    supply.vault());
            if (json) {
                JsonOut.print(System.out, status);
            } else {
                System.out.println("Address:          " + status.address());
                System.out.println("Credits:          " + Amounts.credits(status.credits()));
                System.out.println("Balance:          " + Amounts.grid(status.balance()));
                System.out.println("Oracle price:     " + Formats.price(status.price()));
                System.out.println("Vault:            " + Amounts.grid(status.vault()));
                System.out.println("Credits issued:   " + Amounts.credits(status.creditsOutstanding()) + " ("
                        + Amounts.credits(status.creditsEscrowed()) + " in job escrows)");
                System.out.println("Collateral ratio: " + Formats.collateralRatio(status.collateralRatioBps()));
                System.out.println("Breaker:          " + status.breaker() + breakerNote(status.breaker()));
            }
            return 0;
        }
    }

    /** What a breaker state means for a buyer. */
    static String breakerNote(String breaker) {
        return switch (breaker) {
            case "WARN" -> " (the vault is under-collateralised)";
            case "HALT" -> " (buying credits is halted until the vault recovers)";
            default -> "";
        };
    }
}
