package dev.gridmint.cli;

import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.client.CoordinatorClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What every command that signs and submits a transaction takes: the key, the coordinator and {@code --json}. */
final class SubmitOptions {

    @Mixin
    KeyOptions key;

    @Mixin
    CoordinatorOptions coordinator;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    Keypair signer() {
        return key.load();
    }

    CoordinatorClient client() {
        return coordinator.client();
    }
}
