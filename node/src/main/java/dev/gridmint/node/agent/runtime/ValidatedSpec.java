package dev.gridmint.node.agent.runtime;

/**
 * A spec that passed {@link SpecValidator}: only the validator makes one, so a runtime that takes
 * one cannot be handed an unchecked request.
 */
public final class ValidatedSpec {

    private final ContainerSpec spec;

    ValidatedSpec(ContainerSpec spec) {
        this.spec = spec;
    }

    public ContainerSpec spec() {
        return spec;
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
