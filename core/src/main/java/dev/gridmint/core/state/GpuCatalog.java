package dev.gridmint.core.state;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one table of GPU models, for the market and the ledger alike: the ledger holds a job's TFLOPS
 * minimum to the figure given here for the provider's model, so the market cannot match what the ledger would refuse.
 *
 * <p>It holds the GPU models the market knows by name, their families for imports that name a family ("a100")
 * rather than one of our memory variants ("A100-80GB"), and the normalisation of what a provider's agent reports
 * ({@code nvidia-smi}'s "NVIDIA H100 80GB HBM3", 81559 MiB) to one of them ({@code H100-80GB}). A
 * GPU the catalog does not know still trades, under a name made from what was reported and its
 * memory, with 1 TFLOPS: its speed is unmeasured, so a TFLOPS minimum leaves it out rather than let
 * it claim a figure nobody checked.
 */
public final class GpuCatalog {

    /** Known models, longest family name first so that "H100" is not taken for "H10". */
    public static final List<GpuModel> MODELS = List.of(
            new GpuModel("H200-141GB", 141, 989),
            new GpuModel("H100-80GB", 80, 989),
            new GpuModel("A100-80GB", 80, 312),
            new GpuModel("A100-40GB", 40, 312),
            new GpuModel("L40S-48GB", 48, 362),
            new GpuModel("RTX4090-24GB", 24, 165),
            new GpuModel("RTX3090-24GB", 24, 71),
            new GpuModel("A10-24GB", 24, 125),
            new GpuModel("L4-24GB", 24, 121),
            new GpuModel("V100-32GB", 32, 125),
            new GpuModel("V100-16GB", 16, 125),
            new GpuModel("T4-16GB", 16, 65));

    private GpuCatalog() {}

    /** The model an offer's devices trade as: the CPU, or its GPU {@linkplain #normalize normalised}. */
    public static GpuModel model(HardwareOffer offer) {
        return switch (offer.deviceClass()) {
            case CPU -> GpuModel.CPU;
            case GPU -> normalize(offer.deviceModel(), offer.deviceMemoryMb());
        };
    }

    public static Optional<GpuModel> byName(String name) {
        if (GpuModel.CPU.name().equalsIgnoreCase(name)) {
            return Optional.of(GpuModel.CPU);
        }
        return MODELS.stream().filter(model -> model.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * The market model of a reported GPU: the catalog's model whose family (the name before the
     * dash) appears in the reported name and whose VRAM is the nearest to the reported memory.
     */
    public static GpuModel normalize(String reported, long memoryMb) {
        String squeezed = reported.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        int gb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(memoryMb / 1024.0)));
        Optional<GpuModel> known = MODELS.stream()
                .filter(model -> family(model).length() > 0 && squeezed.contains(family(model)))
                .filter(model -> Math.abs(model.vramGb() - gb) <= Math.max(2, model.vramGb() / 10))
                .findFirst();
        if (known.isPresent()) {
            return known.get();
        }
        String base = squeezed.replaceFirst("^NVIDIA", "");
        base = base.isEmpty() ? "GPU" : base.substring(0, Math.min(base.length(), 48));
        return new GpuModel(base + "-" + gb + "GB", gb, 1);
    }

    /** The variants of a family, matched without regard to case, dashes or spaces ("RTX-4090" is "rtx4090"). */
    public static List<GpuModel> family(String family) {
        String wanted = key(family);
        return MODELS.stream().filter(model -> key(family(model)).equals(wanted)).toList();
    }

    /** The family names, for error messages. */
    public static List<String> families() {
        return MODELS.stream().map(GpuCatalog::family).distinct().toList();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }

    private static String family(GpuModel model) {
        String name = model.name();
        return name.substring(0, name.indexOf('-'));
    }
}
