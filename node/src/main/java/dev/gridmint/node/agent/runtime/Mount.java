package dev.gridmint.node.agent.runtime;

import java.nio.file.Path;

/** A host directory a job asks to see; only directories under the provider's allowed roots pass validation. */
public record Mount(Path hostPath, String containerPath, boolean readOnly) {}
