package io.regimestream.producer.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest; "development build" when run from classes. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"regime-stream producer " + (version == null ? "(development build)" : version)};
    }
}
