package dev.gridmint.cli;

import dev.gridmint.node.client.CoordinatorClient;
import picocli.CommandLine.Option;

/** {@code --coordinator URL}, defaulting to the local devnet's. */
public final class CoordinatorOptions {

    public static final String DEFAULT_URL = "http://127.0.0.1:7070";

    @Option(names = "--coordinator", paramLabel = "URL", defaultValue = "${env:GRIDMINT_COORDINATOR:-" + DEFAULT_URL + "}",
            description = "Coordinator API URL (default: $GRIDMINT_COORDINATOR or ${DEFAULT-VALUE}).")
    String url;

    public CoordinatorClient client() {
        return new CoordinatorClient(url);
    }
}
