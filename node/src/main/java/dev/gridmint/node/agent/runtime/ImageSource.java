package dev.gridmint.node.agent.runtime;

import java.nio.file.Path;

/** Where a container's image comes from. */
public sealed interface ImageSource {

    /** The name the engine runs, once the image is present. */
    String reference();

    /** An image by name: present in the engine's store already, or pulled from a reachable registry. */
    record Named(String reference) implements ImageSource {}

    /**
     * An OCI archive on the provider's disk (an artifact the job brought), loaded into the engine
     * after its sha256 matches; {@code reference} is the name the archive carries.
     */
    record Archive(Path path, String sha256, String reference) implements ImageSource {}

    /**
     * No image: the command is a program of the provider's own machine, run by {@link ProcessRuntime}.
     * Only the agent makes such specs (for its built-in workloads); a tenant's job always names an image.
     */
    record Host() implements ImageSource {
        public String reference() {
            return "host";
        }
    }
}
