package dev.gridmint.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, or "development" when run from classes. */
public final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"gridmint " + (version == null ? "development" : version) + " (Java " + Runtime.version() + ")"};
    }
}
