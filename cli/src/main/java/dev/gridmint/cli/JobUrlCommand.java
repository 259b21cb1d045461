package dev.gridmint.cli;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.protocol.PortAccess;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "url", mixinStandardHelpOptions = true,
        description = {"Prints the URL of a port your running job serves (an inference server, a notebook), relayed by the",
                "coordinator from the provider, wherever it is. The URL carries a pass signed with your key for that job",
                "and port, good for --ttl: anyone holding the URL can use it until then.",
                "Example: gridmint job url 3f2a…c9 --port 8080 --key alice.json --ttl 2h"})
final class JobUrlCommand implements Callable<Integer> {

    @Mixin
    KeyOptions key;

    @Mixin
    CoordinatorOptions coordinator;

    @Parameters(paramLabel = "JOB_ID")
    String id;

    @Option(names = "--port", required = true, description = "The port the job serves, as its spec names it.")
    int port;

    @Option(names = "--ttl", defaultValue = "1h", description = "How long the pass is good for, e.g. 30m, 2h, 7d (at most 7d; default ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--json", description = "Print {\"url\", \"expires\"} as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Hash jobId = Inputs.jobId(id);
        if (port < 1 || port > 65_535) {
            throw new UserError("--port is a number from 1 to 65535");
        }
        long lifetime = lifetimeSeconds(ttl);
        Keypair tenant = key.load();
        CoordinatorClient client = coordinator.client();
        var ledger = client.ledger();
        long expires = ledger.now() + lifetime;
        PortAccess pass = PortAccess.sign(tenant, ledger.networkId(), jobId, port, expires);
        String url = client.baseUrl().replaceFirst("/+$", "") + "/v1/jobs/" + jobId.hex() + "/ports/" + port + "/?access=" + pass.text();
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("url", url);
            out.put("expires", expires);
            JsonOut.print(System.out, out);
        } else {
            System.out.println(url);
        }
        return 0;
    }

    /** "30m", "2h", "7d" or an ISO-8601 duration, at most {@link PortAccess#MAX_LIFETIME_SECONDS}. */
    static long lifetimeSeconds(String text) {
        String value = text.strip().toLowerCase(java.util.Locale.ROOT);
        Duration duration;
        try {
            duration = value.matches("\\d+[smhd]")
                    ? switch (value.charAt(value.length() - 1)) {
                        case 's' -> Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
                        case 'm' -> Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
                        case 'h' -> Duration.ofHours(Long.parseLong(value.substring(0, value.length() - 1)));
                        default -> Duration.ofDays(Long.parseLong(value.substring(0, value.length() - 1)));
                    }
                    : Duration.parse(text.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new UserError("--ttl is like 30m, 2h or 7d: " + text);
        }
        if (duration.isNegative() || duration.isZero() || duration.toSeconds() > PortAccess.MAX_LIFETIME_SECONDS) {
            throw new UserError("--ttl is more than 0 and at most 7d: " + text);
        }
        return duration.toSeconds();
    }
}
