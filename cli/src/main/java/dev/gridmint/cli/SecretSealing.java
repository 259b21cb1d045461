package dev.gridmint.cli;

import dev.gridmint.core.crypto.Address;
import dev.gridmint.core.state.Limits;
import dev.gridmint.node.api.Views.ProviderView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.protocol.SealedSecrets;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code job submit --secret}: seals each secret to every online provider that announced a sealing
 * key, after checking that key's signature against the provider's address (so the coordinator that
 * relays it cannot slip in its own), and returns the {@code --sealed-secret} arguments. Which provider
 * will run the job is not known before it is submitted, so each candidate gets its own envelope and
 * only the one holding the lease opens one.
 */
final class SecretSealing {

    private SecretSealing() {}

    static List<String> sealedArgs(CoordinatorClient client, Address tenant, String workload, List<String> secrets) {
        if (!workload.equals(WorkloadCatalog.CONTAINER)) {
            throw new UserError("--secret is for container jobs; built-in workloads take no secrets");
        }
        Map<String, String> values = parse(secrets);
        String networkId = client.ledger().networkId();
        List<SealedSecrets.SealingKey> keys = new ArrayList<>();
        for (ProviderView provider : client.providers()) {
            if (!provider.online()) {
                continue;
            }
            try {
                var key = client.sealingKey(Address.parse(provider.address()));
                if (key.address().equals(provider.address()) && SealedSecrets.problem(key, networkId).isEmpty()) {
                    keys.add(key);
                } else {
                    System.err.println("warning: provider " + provider.address() + "'s sealing key does not verify; not sealing to it");
                }
            } catch (CoordinatorClient.CoordinatorException noKey) {
                // a provider without a sealing key cannot run a job with secrets
            }
        }
        if (keys.isEmpty()) {
            throw new UserError("no online provider has announced a key for sealed secrets; try again when one is online");
        }
        var random = new SecureRandom();
        List<String> args = new ArrayList<>();
        try {
            values.forEach((name, value) -> keys.forEach(key -> args.addAll(List.of(SealedSecrets.OPTION,
                    SealedSecrets.seal(key, networkId, tenant.toString(), name, value, random)))));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (args.size() > Limits.MAX_ARGS) {
            throw new UserError(values.size() + " secrets for " + keys.size() + " online providers take " + args.size() / 2
                    + " sealed arguments; a job has room for " + Limits.MAX_ARGS + " arguments in all. Use fewer secrets.");
        }
        return args;
    }

    /** {@code NAME=VALUE}, or {@code NAME=@FILE} for a value kept in a file (without its final line break). */
    private static Map<String, String> parse(List<String> secrets) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String secret : secrets) {
            int eq = secret.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--secret needs NAME=VALUE or NAME=@FILE");
            }
            String name = secret.substring(0, eq);
            String value = secret.substring(eq + 1);
            if (value.startsWith("@")) {
                try {
                    value = Files.readString(Path.of(value.substring(1)), StandardCharsets.UTF_8).stripTrailing();
                } catch (IOException e) {
                    throw new UserError("cannot read the secret " + name + " from " + value.substring(1) + ": " + e.getMessage());
                }
            }
            if (values.put(name, value) != null) {
                throw new UserError("--secret " + name + " is given twice");
            }
        }
        return values;
    }
}
