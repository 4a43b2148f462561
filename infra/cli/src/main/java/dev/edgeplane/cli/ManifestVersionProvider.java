package dev.edgeplane.cli;

import picocli.CommandLine;

/** Reads the version for {@code --version} from the jar manifest that Maven writes. */
final class ManifestVersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = EdgeplaneCommand.class.getPackage().getImplementationVersion();
        return new String[] {
                "edgeplane " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
