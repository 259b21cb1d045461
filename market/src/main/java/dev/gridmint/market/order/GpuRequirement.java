package dev.gridmint.market.order;

import dev.gridmint.core.state.GpuModel;
import java.util.Set;

/** Which GPUs an order accepts: named models, or any model with at least so much memory and speed. */
public sealed interface GpuRequirement {

    boolean accepts(GpuModel model);

    record AnyOf(Set<String> models) implements GpuRequirement {
        public AnyOf {
            models = Set.copyOf(models);
            if (models.isEmpty()) {
                throw new IllegalArgumentException("name at least one GPU model");
            }
        }

        public static AnyOf of(String... models) {
            return new AnyOf(Set.of(models));
        }

        @Override
        public boolean accepts(GpuModel model) {
            return models.contains(model.name());
        }
    }

    record AtLeast(int vramGb, int tflops) implements GpuRequirement {
        public AtLeast {
            if (vramGb < 0 || tflops < 0) {
                throw new IllegalArgumentException("minimums are not negative");
            }
        }

        @Override
        public boolean accepts(GpuModel model) {
            return model.vramGb() >= vramGb && model.tflops() >= tflops;
        }
    }
}
