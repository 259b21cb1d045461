package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.Formats;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.tx.TxPayload;
import dev.gridmint.core.tx.TxPayload.BondProviderStake;
import dev.gridmint.core.tx.TxPayload.ClaimRewards;
import dev.gridmint.core.tx.TxPayload.ClaimVested;
import dev.gridmint.core.tx.TxPayload.Delegate;
import dev.gridmint.core.tx.TxPayload.RegisterChecker;
import dev.gridmint.core.tx.TxPayload.Unbond;
import dev.gridmint.core.tx.TxPayload.Withdraw;
import dev.gridmint.node.api.Views.AccountView;
import dev.gridmint.node.api.Views.TxAccepted;
import dev.gridmint.node.client.CoordinatorClient;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "stake", mixinStandardHelpOptions = true,
        description = {"Bonds, delegates, unbonds and withdraws stake, and claims rewards and vested GRID.",
            "Example: gridmint stake delegate --key me.json --checker <ADDRESS> --amount 500"},
        subcommands = {StakeCommand.Bond.class, StakeCommand.RegisterCheckerCmd.class, StakeCommand.DelegateCmd.class,
            StakeCommand.UnbondCmd.class, StakeCommand.WithdrawCmd.class, StakeCommand.Claim.class, StakeCommand.Vest.class})
final class StakeCommand extends CommandGroup {

    /** An accepted staking transaction and the signer's account after it. */
    record Staked(String txHash, long height, String stateRoot, AccountView account) {}

    /** An accepted unbonding: its id (the transaction hash) and about when it can be withdrawn. */
    record Unbonded(String unbondingId, long height, long amount, String checker, long releasesAt, AccountView account) {}

    /** What every staking command shares: the signer, the coordinator, and printing the account after. */
    abstract static class Signed {

        @Mixin
        SubmitOptions options;

        /** Signs and submits, then prints the result and the account after it. */
        Integer submit(TxPayload payload, String done) {
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            TxAccepted accepted = client.signAndSubmit(signer, payload);
            AccountView account = client.account(signer.address());
            if (options.json) {
                JsonOut.print(System.out, new Staked(accepted.txHash(), accepted.height(), accepted.stateRoot(), account));
            } else {
                System.out.println(done);
                printStake(account);
                System.out.println("Tx " + accepted.txHash() + " at height " + accepted.height());
            }
            return 0;
        }
    }

    static void printStake(AccountView account) {
        System.out.println("Balance:    " + Amounts.grid(account.balance()));
        if (account.provider()) {
            System.out.println("Provider:   stake " + Amounts.grid(account.providerStake()) + " of "
                    + Amounts.grid(account.requiredStake()) + " required" + (account.providerActive() ? "" : " (halted)"));
        }
        System.out.println("Delegated:  " + Amounts.grid(account.delegated()));
        System.out.println("Unbonding:  " + Amounts.grid(account.unbonding()));
        System.out.println("Rewards:    " + Amounts.grid(account.unclaimedRewards()) + " to claim");
        if (account.vesting() > 0) {
            System.out.println("Vesting:    " + Amounts.grid(account.vesting()) + " still locked");
        }
    }

    @Command(name = "bond", mixinStandardHelpOptions = true,
            description = {"Bonds more of a provider's GRID as provider stake (the signer must be a registered provider).",
                "Example: gridmint stake bond --key provider.json --amount 1000"})
    static final class Bond extends Signed implements Callable<Integer> {

        @Option(names = "--amount", required = true, paramLabel = "GRID", description = "GRID to bond, e.g. 1000.")
        String amount;

        @Override
        public Integer call() {
            long micro = Inputs.positiveGrid(amount, "--amount");
            return submit(new BondProviderStake(micro), "Bonded " + Amounts.grid(micro) + " as provider stake.");
        }
    }

    @Command(name = "register-checker", mixinStandardHelpOptions = true,
            description = {"Registers the signer as a checker operator; delegators can then bond GRID to it.",
                "Example: gridmint stake register-checker --key checker.json"})
    static final class RegisterCheckerCmd extends Signed implements Callable<Integer> {

        @Override
        public Integer call() {
            String address = options.signer().address().toString();
            return submit(new RegisterChecker(), "Registered " + address + " as a checker."
                    + " Bond its own stake with: gridmint stake delegate --key <KEY> --checker " + address + " --amount <GRID>");
        }
    }

    @Command(name = "delegate", mixinStandardHelpOptions = true,
            description = {"Bonds GRID to a checker (its operator's own stake included) and earns a share of its rewards.",
                "Example: gridmint stake delegate --key me.json --checker <ADDRESS> --amount 500"})
    static final class DelegateCmd extends Signed implements Callable<Integer> {

        @Option(names = "--checker", required = true, paramLabel = "ADDRESS", description = "The checker's base58 address.")
        String checker;

        @Option(names = "--amount", required = true, paramLabel = "GRID", description = "GRID to delegate, e.g. 500.")
        String amount;

        @Override
        public Integer call() {
            Address to = Inputs.address(checker, "--checker");
            long micro = Inputs.positiveGrid(amount, "--amount");
            return submit(new Delegate(to, micro), "Delegated " + Amounts.grid(micro) + " to checker " + to + ".");
        }
    }

    @Command(name = "unbond", mixinStandardHelpOptions = true,
            description = {"Starts unbonding provider stake, or with --checker stake delegated to that checker.",
                "The stake stays locked and slashable for the unbonding period; then 'gridmint stake withdraw --id ID'.",
                "Example: gridmint stake unbond --key me.json --checker <ADDRESS> --amount 200"})
    static final class UnbondCmd implements Callable<Integer> {

        @Mixin
        SubmitOptions options;

        @Option(names = "--amount", required = true, paramLabel = "GRID", description = "GRID to unbond, e.g. 200.")
        String amount;

        @Option(names = "--checker", paramLabel = "ADDRESS",
                description = "Unbond stake delegated to this checker (default: the signer's provider stake).")
        String checker;

        @Override
        public Integer call() {
            long micro = Inputs.positiveGrid(amount, "--amount");
            Optional<Address> from = Optional.ofNullable(checker).map(text -> Inputs.address(text, "--checker"));
            Keypair signer = options.signer();
            CoordinatorClient client = options.client();
            long unbondingSeconds = client.params().staking().unbondingSeconds();
            TxAccepted accepted = client.signAndSubmit(signer, new Unbond(from, micro));
            long releasesAt = client.ledger().now() + unbondingSeconds;
            AccountView account = client.account(signer.address());
            var result = new Unbonded(accepted.txHash(), accepted.height(), micro, from.map(Address::toString).orElse(null),
                    releasesAt, account);
            if (options.json) {
                JsonOut.print(System.out, result);
            } else {
                System.out.println("Unbonding " + Amounts.grid(micro) + " of "
                        + from.map(a -> "stake delegated to " + a).orElse("provider stake") + ".");
                System.out.println("Unbonding id: " + accepted.txHash());
                System.out.println("Releases at:  " + Formats.time(releasesAt) + ", " + Formats.duration(unbondingSeconds)
                        + " from now in ledger time");
                System.out.println("Then:         gridmint stake withdraw --key <KEY> --id " + accepted.txHash());
                printStake(account);
            }
            return 0;
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true,
            description = {"Returns unbonded stake to its owner once its unbonding period is over.",
                "Example: gridmint stake withdraw --key me.json --id <UNBONDING_ID>"})
    static final class WithdrawCmd extends Signed implements Callable<Integer> {

        @Option(names = "--id", required = true, paramLabel = "HASH",
                description = "The unbonding id: the hash 'gridmint stake unbond' printed.")
        String id;

        @Override
        public Integer call() {
            var unbondingId = Inputs.hash(id, "an unbonding id");
            return submit(new Withdraw(unbondingId), "Withdrew unbonding " + unbondingId.hex() + ".");
        }
    }

    @Command(name = "claim", mixinStandardHelpOptions = true,
            description = {"Claims the signer's rewards: as a provider, as a checker, and from delegations.",
                "Provider rewards and checker commission are always claimed; delegation rewards from the checkers named"
                + " with --checker (at most " + ClaimRewards.MAX_CHECKERS + ").",
                "Example: gridmint stake claim --key me.json --checker <ADDRESS> --checker <ADDRESS>"})
    static final class Claim extends Signed implements Callable<Integer> {

        @Option(names = "--checker", paramLabel = "ADDRESS",
                description = "A checker the signer delegated to; repeat for several.")
        List<String> checkers = new ArrayList<>();

        @Override
        public Integer call() {
            var distinct = new LinkedHashSet<Address>();
            for (String text : checkers) {
                distinct.add(Inputs.address(text, "--checker"));
            }
            if (distinct.size() > ClaimRewards.MAX_CHECKERS) {
                throw new UserError("a claim names at most " + ClaimRewards.MAX_CHECKERS + " checkers, got " + distinct.size());
            }
            return submit(new ClaimRewards(List.copyOf(distinct)), "Claimed rewards"
                    + (distinct.isEmpty() ? "." : " including delegations to " + distinct.size() + " checker(s)."));
        }
    }

    @Command(name = "vest", mixinStandardHelpOptions = true,
            description = {"Releases what has vested of the signer's genesis grant into its balance.",
                "Example: gridmint stake vest --key team.json"})
    static final class Vest extends Signed implements Callable<Integer> {

        @Override
        public Integer call() {
            return submit(new ClaimVested(), "Released the vested part of the genesis grant.");
        }
    }
}
