package dev.gridmint.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import org.junit.jupiter.api.Test;

class GpuCatalogTest {

    @Test
    void familiesMatchWithoutRegardToCaseDashesOrSpaces() {
        assertThat(GpuCatalog.family("a100")).extracting(GpuModel::name).containsExactlyInAnyOrder("A100-40GB", "A100-80GB");
        assertThat(GpuCatalog.family("RTX-4090")).extracting(GpuModel::name).containsExactly("RTX4090-24GB");
        assertThat(GpuCatalog.family("rtx 4090")).extracting(GpuModel::name).containsExactly("RTX4090-24GB");
        assertThat(GpuCatalog.family("h100-80gb")).isEmpty();
        assertThat(GpuCatalog.family("b200")).isEmpty();
    }

    @Test
    void namesAreUniqueAndEndInTheirMemory() {
        assertThat(new HashSet<>(GpuCatalog.MODELS.stream().map(GpuModel::name).toList())).hasSameSizeAs(GpuCatalog.MODELS);
        assertThat(GpuCatalog.MODELS).allSatisfy(model -> assertThat(model.name()).endsWith("-" + model.vramGb() + "GB"));
        assertThat(GpuCatalog.families()).contains("T4", "V100", "H100", "L40S").doesNotHaveDuplicates();
    }
}
