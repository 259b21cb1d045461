package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.node.api.Views.AccountView;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "account", mixinStandardHelpOptions = true,
        description = "Shows an account's balance, credits, nonce, stake, rewards and vesting. Example: gridmint account --key me.json")
final class AccountCommand implements Callable<Integer> {

    static final class Who {
        @Parameters(paramLabel = "ADDRESS", description = "A base58 address.")
        String address;

        @Option(names = "--key", paramLabel = "FILE", description = "Or the keypair file of the account.")
        Path keyFile;

        /** The account named by the address or the keypair file. */
        Address resolve() {
            if (keyFile != null) {
                return KeyOptions.loadKey(keyFile).address();
            }
            try {
                return Address.parse(address);
            } catch (IllegalArgumentException e) {
                throw new UserError("not an address: " + e.getMessage());
            }
        }
    }

    @ArgGroup(multiplicity = "1")
    Who who;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = "--json", description = "Print the account as JSON.")
    boolean json;

    @Override
    public Integer call() {
        print(coordinator.client().account(who.resolve()), json);
        return 0;
    }

    /** Prints an account as {@code gridmint account} shows it: also used by {@code gridmint ledger account}. */
    static void print(AccountView account, boolean json) {
        if (json) {
            JsonOut.print(System.out, account);
        } else {
            System.out.println("Address:    " + account.address());
            System.out.println("Balance:    " + Amounts.grid(account.balance()));
            System.out.println("Credits:    " + Amounts.credits(account.credits()));
            System.out.println("Nonce:      " + account.nonce());
            if (account.provider()) {
                System.out.println("Provider:   stake " + Amounts.grid(account.providerStake()) + " of "
                        + Amounts.grid(account.requiredStake()) + " required" + (account.providerActive() ? "" : " (halted)"));
            }
            if (account.checker()) {
                System.out.println("Checker:    yes");
            }
            System.out.println("Delegated:  " + Amounts.grid(account.delegated()));
            System.out.println("Unbonding:  " + Amounts.grid(account.unbonding()));
            System.out.println("Rewards:    " + Amounts.grid(account.unclaimedRewards()) + " to claim");
            if (account.vesting() > 0) {
                System.out.println("Vesting:    " + Amounts.grid(account.vesting()) + " still locked");
            }
            account.partnerTokens().forEach((token, units) ->
                    System.out.println("Partner:    " + units + " " + token));
        }
    }

}
