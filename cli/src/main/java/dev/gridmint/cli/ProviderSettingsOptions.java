package dev.gridmint.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --config}, {@code --key} and {@code --coordinator} of the provider commands: the settings file
 * written by {@code gridmint provider init}, each of its values overridden by its flag where one is given.
 */
final class ProviderSettingsOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Settings written by 'gridmint provider init'.")
    Path config;

    @Option(names = "--key", paramLabel = "FILE", description = "Keypair file (Solana CLI format); required without --config.")
    Path keyFile;

    @Option(names = "--coordinator", paramLabel = "URL",
            description = "Coordinator API URL (default: the settings file's, else $GRIDMINT_COORDINATOR, else " + CoordinatorOptions.DEFAULT_URL + ").")
    String coordinatorUrl;

    private ProviderConfigFile file;

    /** The settings file, read once; empty without {@code --config}. */
    Optional<ProviderConfigFile> file() {
        if (file == null && config != null) {
            file = ProviderConfigFile.read(config);
        }
        return Optional.ofNullable(file);
    }

    Path keyPath() {
        return Optional.ofNullable(keyFile).or(() -> file().map(f -> f.keyPath(config)))
                .orElseThrow(() -> new UserError("say which key: --config FILE (from 'gridmint provider init') or --key FILE"));
    }

    Optional<Path> dataPath() {
        return file().map(f -> f.dataPath(config));
    }

    String coordinatorUrl() {
        return Optional.ofNullable(coordinatorUrl).or(() -> file().map(ProviderConfigFile::coordinator))
                .orElseGet(() -> System.getenv().getOrDefault("GRIDMINT_COORDINATOR", CoordinatorOptions.DEFAULT_URL));
    }
}
