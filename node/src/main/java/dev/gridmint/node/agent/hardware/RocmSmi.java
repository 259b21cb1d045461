package dev.gridmint.node.agent.hardware;

import dev.gridmint.node.agent.hardware.GpuInventory.Interconnect;
import dev.gridmint.node.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads AMD GPUs from {@code rocm-smi}'s JSON. Its key names have drifted between ROCm releases, so
 * each value is looked up under the names the releases have used. The board's unique id stands in
 * for NVIDIA's UUID, prefixed so the two can never collide.
 */
public final class RocmSmi {

    public static final List<String> QUERY = List.of("rocm-smi", "--showproductname", "--showuniqueid", "--showmeminfo", "vram",
            "--showuse", "--showtemp", "--showbus", "--showdriverversion", "--json");

    private static final long BYTES_PER_MB = 1024 * 1024;

    private RocmSmi() {}

    public static GpuDiscovery parse(CommandOutput output) {
        if (!output.succeeded()) {
            return new GpuDiscovery.Broken("GPU_DRIVER_ERROR", "rocm-smi exited " + output.exitCode() + ": "
                    + output.text().lines().findFirst().orElse("").strip());
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(output.text());
        } catch (JacksonException e) {
            return new GpuDiscovery.Broken("GPU_QUERY_UNREADABLE", "rocm-smi printed no JSON: " + e.getOriginalMessage());
        }
        List<GpuDevice> gpus = new ArrayList<>();
        for (Map.Entry<String, JsonNode> card : root.properties()) {
            if (!card.getKey().startsWith("card")) {
                continue;
            }
            try {
                gpus.add(device(Integer.parseInt(card.getKey().substring("card".length())), card.getValue()));
            } catch (IllegalArgumentException e) {
                return new GpuDiscovery.Broken("GPU_QUERY_UNREADABLE", card.getKey() + ": " + e.getMessage());
            }
        }
        if (gpus.isEmpty()) {
            return new GpuDiscovery.Absent("rocm-smi lists no GPU");
        }
        String driver = text(root.path("system"), "Driver version");
        // Infinity Fabric links are not reported by this query; PCIe is the safe claim.
        Interconnect link = gpus.size() < 2 ? Interconnect.NONE : Interconnect.PCIE;
        return new GpuDiscovery.Found(new GpuInventory(driver, "", link, gpus));
    }

    private static GpuDevice device(int index, JsonNode card) {
        String name = firstPresent(card, "Card Series", "Card series", "Card SKU", "Card model");
        String uniqueId = firstPresent(card, "Unique ID");
        if (uniqueId.isEmpty()) {
            throw new IllegalArgumentException("no unique id");
        }
        long memoryMb = Long.parseLong(firstPresent(card, "VRAM Total Memory (B)")) / BYTES_PER_MB;
        return new GpuDevice(GpuDevice.Vendor.AMD, index, "AMD-" + uniqueId.replaceFirst("^0x", ""), name, memoryMb,
                firstPresent(card, "PCI Bus"), percent(firstPresent(card, "GPU use (%)")),
                percent(firstPresent(card, "Temperature (Sensor edge) (C)", "Temperature (Sensor junction) (C)")), false, List.of());
    }

    /** The first of these keys with a value; rocm-smi writes "N/A" for a sensor a board lacks. */
    private static String firstPresent(JsonNode card, String... keys) {
        for (String key : keys) {
            String value = text(card, key);
            if (!value.isEmpty() && !value.equalsIgnoreCase("N/A")) {
                return value;
            }
        }
        return "";
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.path(key);
        return value.isValueNode() ? value.asString().strip() : "";
    }

    private static OptionalInt percent(String value) {
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        return OptionalInt.of((int) Math.round(Double.parseDouble(value)));
    }
}
