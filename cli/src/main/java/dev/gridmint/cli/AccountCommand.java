package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "account", mixinStandardHelpOptions = true, description = "Shows an account's balance and nonce.")
final class AccountCommand implements Callable<Integer> {

    static final class Who {
        @Parameters(paramLabel = "ADDRESS", description = "A base58 address.")
        String address;

        @Option(names = "--key", paramLabel = "FILE", description = "Or the keypair file of the account.")
        Path keyFile;
    }

    @ArgGroup(multiplicity = "1")
    Who who;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = "--json", description = "Print the account as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Address address;
        try {
            address = who.keyFile != null ? KeyOptions.loadKey(who.keyFile).address() : Address.parse(who.address);
        } catch (IllegalArgumentException e) {
            throw new UserError("not an address: " + e.getMessage());
        }
        var account = coordinator.client().account(address);
        if (json) {
            JsonOut.print(System.out, account);
        } else {
            System.out.println("Address:  " + account.address());
            System.out.println("Balance:  " + Amounts.grid(account.balance()));
            System.out.println("Nonce:    " + account.nonce());
            System.out.println("Provider: " + (account.provider() ? "yes" : "no"));
        }
        return 0;
    }

}
