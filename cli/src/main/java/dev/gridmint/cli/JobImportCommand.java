package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Address;
import dev.gridmint.market.order.GpuRequirement;
import dev.gridmint.market.order.Order;
import dev.gridmint.market.order.Term;
import dev.gridmint.market.sdl.ImportOptions;
import dev.gridmint.market.sdl.PriceRule;
import dev.gridmint.market.sdl.SdlImport;
import dev.gridmint.market.sdl.SdlImport.Deployment;
import dev.gridmint.market.sdl.SdlImporter;
import dev.gridmint.market.sdl.SdlIssue;
import dev.gridmint.market.sdl.Workload;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gridmint job import}: an Akash SDL {@code deploy.yaml} as Gridmint orders. The translation is
 * {@link SdlImporter}'s; this is the edge that reads the file, takes the price options, and prints.
 * Submitting is refused for now, because the market engine is not yet wired into the coordinator and
 * {@code job submit} runs built-in workloads on one node, not container images or gangs.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Reads an Akash SDL (deploy.yaml, version 2.0 or 2.1) and maps it to market orders.",
            "Each deployment (service x placement group) becomes one order of 'count' nodes with the profile's GPUs;"
                    + " its image, command, env and ports are kept beside it. Prices per block are converted to CC per GPU-hour.",
            "Without --dry-run it stops with CONTAINERS_NOT_SUPPORTED (exit 3): providers do not run container images yet.",
            "Errors (exit 2) and warnings carry a stable code and the path of the field, e.g. SDL_UNKNOWN_KEY at services.web.ports.",
            "Example: gridmint job import deploy.yaml --dry-run --json --akt-usd 2.75"})
final class JobImportCommand implements Callable<Integer> {

    static final int MAX_FILE_BYTES = 256 * 1024;
    static final String CONTAINERS_NOT_SUPPORTED = "CONTAINERS_NOT_SUPPORTED";
    static final int MAX_USDC_DENOMS = 8;

    @Parameters(index = "0", paramLabel = "FILE", description = "The SDL file (at most 256 KiB).")
    Path file;

    @Option(names = "--dry-run", description = "Print the orders without submitting them.")
    boolean dryRun;

    @Option(names = "--json", description = "Print one JSON document: orders, workloads, warnings and price_rule (or errors).")
    boolean json;

    @Option(names = "--akt-usd", paramLabel = "USD", description = "Price of one AKT in USD; required when the SDL prices in uakt.")
    String aktUsd;

    @Option(names = "--block-seconds", paramLabel = "S", defaultValue = "6.117",
            description = "Assumed Akash block time in seconds, for prices per block (default ${DEFAULT-VALUE}).")
    String blockSeconds;

    @Option(names = "--usdc-denom", paramLabel = "IBC_DENOM",
            description = "An ibc/... denom to treat as USDC (1 unit = 1 micro-USD); repeatable. None is assumed.")
    List<String> usdcDenoms = new ArrayList<>();

    @Option(names = "--key", paramLabel = "FILE", description = "Tenant keypair; names the orders' tenant (optional with --dry-run).")
    Path keyFile;

    @Override
    public Integer call() {
        String text = read(file);
        PriceRule rule = priceRule();
        Address tenant = keyFile != null ? KeyOptions.loadKey(keyFile).address() : new Address(new byte[Address.LENGTH]);
        SdlImport result = SdlImporter.importSdl(text, new ImportOptions(tenant, 1, rule));
        return switch (result) {
            case SdlImport.Rejected rejected -> rejected(rejected);
            case SdlImport.Imported imported -> imported(imported, keyFile != null ? tenant.toString() : null);
        };
    }

    private int rejected(SdlImport.Rejected rejected) {
        if (json) {
            var doc = new LinkedHashMap<String, Object>();
            doc.put("ok", false);
            doc.put("errors", issues(rejected.errors()));
            doc.put("warnings", issues(rejected.warnings()));
            JsonOut.print(System.out, doc);
        } else {
            System.err.println("error: " + file + " was not imported (" + plural(rejected.errors().size(), "error") + ")");
            rejected.errors().forEach(e -> System.err.println("  error " + e));
            rejected.warnings().forEach(w -> System.err.println("  warning " + w));
        }
        return 2;
    }

    private int imported(SdlImport.Imported imported, String tenant) {
        if (!dryRun) {
            // Honest refusal: a job on the ledger runs a built-in workload on one node, so submitting would drop the
            // service's image, ports and gang.
            String message = "providers run only the built-in workloads until container images are supported, and a job is one node,"
                    + " so imported services cannot be submitted yet; run with --dry-run to see the orders";
            if (json) {
                var doc = document(imported, tenant);
                doc.put("ok", false);
                doc.put("errors", List.of(issue(CONTAINERS_NOT_SUPPORTED, "", message)));
                JsonOut.print(System.out, doc);
                return 3;
            }
            print(imported, tenant);
            System.err.println("error: " + CONTAINERS_NOT_SUPPORTED + ": " + message);
            return 3;
        }
        if (json) {
            JsonOut.print(System.out, document(imported, tenant));
        } else {
            print(imported, tenant);
        }
        return 0;
    }

    // ---- input ----

    /** The file as strict UTF-8, refused before reading when it is over the limit. */
    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("SDL_FILE_NOT_FOUND: no file at " + file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new UserError("SDL_FILE_UNREADABLE: cannot read " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new UserError("SDL_TOO_LARGE: " + file + " is over " + MAX_FILE_BYTES / 1024 + " KiB");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserError("SDL_BAD_ENCODING: " + file + " is not UTF-8 text");
        }
    }

    private PriceRule priceRule() {
        BigDecimal block = decimal(blockSeconds, "--block-seconds");
        Optional<BigDecimal> akt = aktUsd == null ? Optional.empty() : Optional.of(decimal(aktUsd, "--akt-usd"));
        if (usdcDenoms.size() > MAX_USDC_DENOMS) {
            throw new UserError("BAD_PRICE_OPTION: at most " + MAX_USDC_DENOMS + " --usdc-denom options");
        }
        try {
            return new PriceRule(block, akt, Set.copyOf(usdcDenoms));
        } catch (IllegalArgumentException e) {
            throw new UserError("BAD_PRICE_OPTION: " + e.getMessage());
        }
    }

    private static BigDecimal decimal(String text, String option) {
        if (text.length() > 32 || !text.strip().matches("\\d{1,9}(\\.\\d{1,9})?")) {
            throw new UserError("BAD_PRICE_OPTION: " + option + " takes a positive decimal such as 2.75, got: " + text);
        }
        return new BigDecimal(text.strip());
    }

    // ---- output ----

    private Map<String, Object> document(SdlImport.Imported imported, String tenant) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("ok", true);
        doc.put("dry_run", dryRun);
        doc.put("file", file.getFileName().toString());
        doc.put("price_rule", imported.priceRule());
        doc.put("orders", imported.deployments().stream().filter(d -> d.order().isPresent()).map(d -> order(d, tenant)).toList());
        doc.put("workloads", imported.deployments().stream().map(JobImportCommand::workload).toList());
        doc.put("warnings", issues(imported.warnings()));
        return doc;
    }

    private static Map<String, Object> order(Deployment deployment, String tenant) {
        Order order = deployment.order().orElseThrow();
        var o = new LinkedHashMap<String, Object>();
        o.put("id", order.id());
        o.put("tenant", tenant);
        o.put("service", deployment.workload().service());
        o.put("placement", deployment.workload().placement());
        o.put("gpu", switch (order.gpu()) {
            case GpuRequirement.AnyOf anyOf -> Map.of("any_of", new TreeSet<>(anyOf.models()));
            case GpuRequirement.AtLeast atLeast -> Map.of("min_vram_gb", atLeast.vramGb(), "min_tflops", atLeast.tflops());
        });
        o.put("gpus_per_node", order.gpusPerNode());
        o.put("nodes", order.nodes());
        o.put("gang", order.isGang());
        o.put("interconnect", order.minimums().interconnect().name());
        o.put("min_cpu_cores", order.minimums().cpuCores());
        o.put("min_ram_gb", order.minimums().ramGb());
        o.put("min_disk_gb", order.minimums().diskGb());
        o.put("regions", new TreeSet<>(order.regions().allowed()));
        o.put("tier", order.tier().name());
        o.put("term", order.term() instanceof Term.Fixed fixed ? fixed.seconds() + "s" : "open-ended");
        o.put("max_price_per_gpu_hour_micro_cc", order.maxPricePerGpuHour());
        o.put("max_price_per_gpu_hour", Amounts.credits(order.maxPricePerGpuHour()));
        o.put("sdl_price", deployment.price());
        return o;
    }

    private static Map<String, Object> workload(Deployment deployment) {
        Workload w = deployment.workload();
        var o = new LinkedHashMap<String, Object>();
        o.put("order_id", deployment.order().map(Order::id).orElse(null));
        o.put("service", w.service());
        o.put("placement", w.placement());
        o.put("profile", w.profile());
        o.put("count", w.count());
        o.put("image", w.image());
        o.put("command", w.command());
        o.put("args", w.args());
        o.put("env", w.env().stream().map(e -> {
            var variable = new LinkedHashMap<String, Object>();
            variable.put("name", e.name());
            variable.put("value", e.value());
            return variable;
        }).toList());
        o.put("expose", w.expose().stream().map(x -> {
            var port = new LinkedHashMap<String, Object>();
            port.put("port", x.port());
            port.put("as", x.as());
            port.put("proto", x.proto());
            port.put("global", x.global());
            port.put("services", x.services());
            return port;
        }).toList());
        o.put("cpu_millis", w.cpuMillis());
        o.put("memory_bytes", w.memoryBytes());
        o.put("storage_bytes", w.storageBytes());
        return o;
    }

    private static List<Map<String, Object>> issues(List<SdlIssue> issues) {
        return issues.stream().map(i -> issue(i.code().name(), i.path(), i.message())).toList();
    }

    private static Map<String, Object> issue(String code, String path, String message) {
        var o = new LinkedHashMap<String, Object>();
        o.put("code", code);
        o.put("path", path);
        o.put("message", message);
        return o;
    }

    private void print(SdlImport.Imported imported, String tenant) {
        List<Deployment> deployments = imported.deployments();
        System.out.println("Imported " + file.getFileName() + ": " + plural(imported.orders().size(), "order") + " from "
                + plural(deployments.size(), "deployment") + (dryRun ? " (dry run, nothing submitted)" : "")
                + (tenant == null ? "" : "; tenant " + tenant));
        System.out.printf("%-5s %-12s %-10s %-6s %-5s %-30s %-6s %-4s %-7s %-7s %-22s %s%n", "ORDER", "SERVICE", "PLACEMENT",
                "NODES", "GPUS", "GPU MODELS", "LINK", "CPU", "RAM GB", "DISK GB", "REGIONS", "MAX CC/GPU-H");
        for (Deployment d : deployments) {
            Workload w = d.workload();
            if (d.order().isEmpty()) {
                System.out.printf("%-5s %-12s %-10s %-6d %-5s %s%n", "-", w.service(), w.placement(), w.count(), "0", "(no GPU: no order)");
                continue;
            }
            Order o = d.order().get();
            String models = switch (o.gpu()) {
                case GpuRequirement.AnyOf anyOf -> String.join(",", new TreeSet<>(anyOf.models()));
                case GpuRequirement.AtLeast atLeast -> ">=" + atLeast.vramGb() + "GB VRAM";
            };
            String regions = o.regions().allowed().isEmpty() ? "anywhere" : String.join(",", new TreeSet<>(o.regions().allowed()));
            System.out.printf("%-5d %-12s %-10s %-6d %-5d %-30s %-6s %-4d %-7d %-7d %-22s %s%n", o.id(), w.service(), w.placement(),
                    o.nodes(), o.gpusPerNode(), models, o.minimums().interconnect(), o.minimums().cpuCores(), o.minimums().ramGb(),
                    o.minimums().diskGb(), regions, Amounts.credits(o.maxPricePerGpuHour()).replace(" CC", "") + "  (" + d.price() + ")");
        }
        System.out.println();
        System.out.println("Workloads:");
        for (Deployment d : deployments) {
            Workload w = d.workload();
            String ports = String.join(", ", w.expose().stream()
                    .map(x -> x.port() + (x.as() != x.port() ? "->" + x.as() : "") + "/" + x.proto() + (x.global() ? " global" : "")
                            + (x.services().isEmpty() ? "" : " to " + String.join(",", x.services())))
                    .toList());
            System.out.println("  " + w.service() + ": " + w.image() + (w.command().isEmpty() ? "" : " cmd " + w.command())
                    + (w.args().isEmpty() ? "" : " args " + w.args()) + "; env " + w.env().size() + " vars; ports " + (ports.isEmpty() ? "none" : ports));
        }
        System.out.println();
        System.out.println("Price rule: " + imported.priceRule());
        if (!imported.warnings().isEmpty()) {
            System.out.println();
            System.out.println("Warnings (" + imported.warnings().size() + "):");
            imported.warnings().forEach(w -> System.out.println("  " + w));
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
