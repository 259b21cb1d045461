package dev.gridmint.market.offer;

import java.util.List;
import java.util.Locale;

/**
 * The GPU models the market knows by name, for imports that name a model family ("a100") rather
 * than one of our memory variants ("A100-80GB"). A model's family is its name up to the last dash.
 * TFLOPS are dense FP16/BF16 tensor figures, as in {@link GpuModel}.
 */
public final class GpuCatalog {

    public static final List<GpuModel> KNOWN = List.of(
            new GpuModel("T4-16GB", 16, 65),
            new GpuModel("V100-16GB", 16, 125),
            new GpuModel("V100-32GB", 32, 125),
            new GpuModel("A10-24GB", 24, 125),
            new GpuModel("L4-24GB", 24, 121),
            new GpuModel("RTX3090-24GB", 24, 71),
            new GpuModel("RTX4090-24GB", 24, 165),
            new GpuModel("A6000-48GB", 48, 155),
            new GpuModel("L40S-48GB", 48, 362),
            new GpuModel("A100-40GB", 40, 312),
            new GpuModel("A100-80GB", 80, 312),
            new GpuModel("H100-80GB", 80, 989),
            new GpuModel("H200-141GB", 141, 989));

    private GpuCatalog() {}

    /** The variants of a family, matched without regard to case, dashes or spaces ("RTX-4090" is "rtx4090"). */
    public static List<GpuModel> family(String family) {
        String wanted = key(family);
        return KNOWN.stream().filter(model -> key(familyOf(model)).equals(wanted)).toList();
    }

    /** The family names, for error messages. */
    public static List<String> families() {
        return KNOWN.stream().map(GpuCatalog::familyOf).distinct().toList();
    }

    static String familyOf(GpuModel model) {
        return model.name().substring(0, model.name().lastIndexOf('-'));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }
}
