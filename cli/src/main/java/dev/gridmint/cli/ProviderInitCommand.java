package dev.gridmint.cli;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Keypair;
import dev.gridmint.core.crypto.KeypairFile;
import dev.gridmint.node.agent.HardwareProbe;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Sets up this machine as a provider: finds its GPUs, creates a wallet key, and writes the settings",
                "(coordinator, region, price per device-hour for the model found, stake) and an example systemd unit into DIR.",
                "Asks for each setting on a terminal; with --yes it takes the flags and defaults without asking."})
final class ProviderInitCommand implements Callable<Integer> {

    static final String KEY_FILE = "provider-key.json";
    static final String UNIT_FILE = "gridmint-provider.service";

    @Option(names = "--dir", defaultValue = "gridmint-provider", paramLabel = "DIR",
            description = "Where the key, settings and job data go (default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--coordinator", paramLabel = "URL", defaultValue = "${env:GRIDMINT_COORDINATOR:-" + CoordinatorOptions.DEFAULT_URL + "}",
            description = "Coordinator API URL (default ${DEFAULT-VALUE}).")
    String coordinator;

    @Option(names = "--region", defaultValue = "local", description = "Region label shown to tenants (default ${DEFAULT-VALUE}).")
    String region;

    @Option(names = "--price", defaultValue = "1.0", paramLabel = "CC",
            description = "Price per device-hour of the model found here, in CC (default ${DEFAULT-VALUE}).")
    String price;

    @Option(names = "--stake", defaultValue = "0", paramLabel = "GRID",
            description = "GRID to keep bonded as provider stake; the agent bonds at least what the offer requires (default ${DEFAULT-VALUE}).")
    String stake;

    @Option(names = "--yes", description = "Do not ask: take the flags and defaults (for scripts).")
    boolean yes;

    @Option(names = "--json", description = "Print what was written as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Path configFile = dir.resolve(ProviderConfigFile.FILE_NAME);
        if (Files.exists(configFile)) {
            throw new UserError(configFile + " already exists; edit it, or pick another --dir");
        }
        HardwareProbe.Hardware hardware = discover();
        if (!yes) {
            ask(hardware);
        }
        ProviderConfigFile settings = new ProviderConfigFile(coordinator, KEY_FILE, "data", region, price,
                Map.of(hardware.deviceModel(), price), stake);
        check(settings);
        Files.createDirectories(dir.resolve(settings.dataDir()));
        Keypair key = keyIn(dir.resolve(KEY_FILE));
        settings.write(configFile);
        Files.writeString(dir.resolve(UNIT_FILE), systemdUnit(configFile.toAbsolutePath()));
        report(hardware, key, configFile);
        return 0;
    }

    private static HardwareProbe.Hardware discover() {
        try {
            return HardwareProbe.discover();
        } catch (HardwareProbe.BrokenDriverException e) {
            throw new UserError("the GPU driver is installed but does not work (" + e.getMessage() + "); fix it before offering this machine");
        }
    }

    private void ask(HardwareProbe.Hardware hardware) {
        Console console = System.console();
        if (console == null || !console.isTerminal()) {
            throw new UserError("no terminal to ask on: pass --yes, with --coordinator, --region, --price and --stake as needed");
        }
        console.printf("Found %d x %s%n", hardware.deviceCount(), hardware.deviceModel());
        coordinator = prompt(console, "Coordinator URL", coordinator);
        region = prompt(console, "Region", region);
        price = prompt(console, "Price per device-hour of " + hardware.deviceModel() + ", in CC", price);
        stake = prompt(console, "Provider stake to keep bonded, in GRID", stake);
    }

    private static String prompt(Console console, String question, String current) {
        String answer = console.readLine("%s [%s]: ", question, current);
        return answer == null || answer.isBlank() ? current : answer.strip();
    }

    private static void check(ProviderConfigFile settings) {
        try {
            settings.stake();
            if (settings.price() == 0) {
                throw new UserError("the price must be more than 0 CC");
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** The wallet in DIR: an existing one is kept (it may already hold stake), never overwritten. */
    private static Keypair keyIn(Path file) throws IOException {
        if (Files.exists(file)) {
            return KeyOptions.loadKey(file);
        }
        Keypair key = Keypair.generate(new SecureRandom());
        KeypairFile.write(file, key);
        return key;
    }

    private static String systemdUnit(Path configFile) {
        String launcher = System.getProperty("gridmint.launcher", "/usr/local/bin/gridmint");
        return """
                # Example unit: copy to /etc/systemd/system/, adjust User= and the paths, then
                #   systemctl daemon-reload && systemctl enable --now gridmint-provider
                [Unit]
                Description=Gridmint provider agent
                After=network-online.target
                Wants=network-online.target

                [Service]
                Type=simple
                User=gridmint
                Environment=GRIDMINT_NO_BUILD=1
                ExecStart=%s provider --config %s
                Restart=on-failure
                RestartSec=5
                # The agent keeps only job data under its data directory.
                NoNewPrivileges=true
                ProtectSystem=full
                ProtectHome=read-only
                ReadWritePaths=%s

                [Install]
                WantedBy=multi-user.target
                """.formatted(launcher, configFile, configFile.getParent());
    }

    private void report(HardwareProbe.Hardware hardware, Keypair key, Path configFile) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("address", key.address().toString());
        written.put("device_model", hardware.deviceModel());
        written.put("device_count", hardware.deviceCount());
        written.put("config", configFile.toAbsolutePath().toString());
        written.put("key", dir.resolve(KEY_FILE).toAbsolutePath().toString());
        written.put("systemd_unit", dir.resolve(UNIT_FILE).toAbsolutePath().toString());
        if (json) {
            JsonOut.print(System.out, written);
            return;
        }
        System.out.println("Provider " + key.address() + ": " + hardware.deviceCount() + " x " + hardware.deviceModel());
        System.out.println("Wrote " + configFile + ", " + dir.resolve(KEY_FILE) + " (keep it secret) and " + dir.resolve(UNIT_FILE));
        System.out.println("Next: fund " + key.address() + " with GRID for the stake, then run");
        System.out.println("  gridmint provider --config " + configFile);
    }
}
