package dev.gridmint.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.gridmint.cli.output.Amounts;
import dev.gridmint.node.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;

/**
 * A provider's settings, written by {@code gridmint provider init} and read by {@code gridmint
 * provider --config}. Amounts are decimal strings (CC or GRID, six decimals at most), so the file
 * reads like the command line; relative paths are relative to the file's directory.
 */
public record ProviderConfigFile(String coordinator, @JsonProperty("key_file") String keyFile,
        @JsonProperty("data_dir") String dataDir, String region, @JsonProperty("price_cc") String priceCc,
        @JsonProperty("model_prices_cc") Map<String, String> modelPricesCc, @JsonProperty("stake_grid") String stakeGrid) {

    public static final String FILE_NAME = "provider.json";
    /** A settings file is a few hundred bytes; anything far larger is not one. */
    static final int MAX_BYTES = 64 * 1024;

    public ProviderConfigFile {
        modelPricesCc = new TreeMap<>(modelPricesCc == null ? Map.of() : modelPricesCc);
    }

    /** Reads and checks a settings file; every problem is a {@link UserError} naming the file. */
    public static ProviderConfigFile read(Path file) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new UserError(file + " is larger than " + MAX_BYTES + " bytes; it is not a provider settings file");
            }
            ProviderConfigFile config = Json.MAPPER.readValue(Files.readAllBytes(file), ProviderConfigFile.class);
            config.check(file);
            return config;
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        } catch (JacksonException e) {
            throw new UserError(file + " is not valid provider settings: " + e.getOriginalMessage());
        }
    }

    /** Writes the file, refusing to replace one that exists. */
    public void write(Path file) throws IOException {
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n",
                java.nio.file.StandardOpenOption.CREATE_NEW);
    }

    private void check(Path file) {
        for (var field : Map.of("coordinator", coordinator, "key_file", keyFile, "data_dir", dataDir, "region", region,
                "price_cc", priceCc, "stake_grid", stakeGrid).entrySet()) {
            if (field.getValue() == null || field.getValue().isBlank()) {
                throw new UserError(file + " lacks \"" + field.getKey() + "\"");
            }
        }
        try {
            price();
            modelPrices();
            stake();
        } catch (IllegalArgumentException e) {
            throw new UserError(file + ": " + e.getMessage());
        }
    }

    long price() {
        return Amounts.parseCredits(priceCc);
    }

    Map<String, Long> modelPrices() {
        Map<String, Long> prices = new TreeMap<>();
        modelPricesCc.forEach((model, price) -> prices.put(model, Amounts.parseCredits(price)));
        return prices;
    }

    long stake() {
        return Amounts.parseGrid(stakeGrid);
    }

    Path keyPath(Path configFile) {
        return resolve(configFile, keyFile);
    }

    Path dataPath(Path configFile) {
        return resolve(configFile, dataDir);
    }

    private static Path resolve(Path configFile, String path) {
        Path directory = configFile.toAbsolutePath().getParent();
        return directory.resolve(path).normalize();
    }
}
