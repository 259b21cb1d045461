package dev.gridmint.cli;

import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.node.api.ArtifactView;
import dev.gridmint.node.artifact.Artifacts;
import dev.gridmint.node.client.CoordinatorClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gridmint job artifacts} and {@code gridmint job download}: a job's stored files. */
final class JobArtifactsCommand {

    private JobArtifactsCommand() {}


    @Command(name = "artifacts", mixinStandardHelpOptions = true,
            description = "Lists a job's artifacts: its outputs, checkpoints and inputs, by sha256."
                    + " 'ledger' marks the one whose hash the provider signed into the ledger as the result.")
    static final class ListArtifacts implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(paramLabel = "JOB_ID")
        String id;

        @Option(names = "--json", description = "Print the artifacts as JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<ArtifactView> artifacts = coordinator.client().jobArtifacts(Inputs.jobId(id));
            if (json) {
                JsonOut.print(System.out, Map.of("jobId", id, "artifacts", artifacts));
                return 0;
            }
            if (artifacts.isEmpty()) {
                System.out.println("No artifacts for job " + id);
                return 0;
            }
            System.out.printf("%-64s %12s %-10s %-7s %s%n", "SHA256", "BYTES", "KIND", "LEDGER", "NAME");
            for (ArtifactView artifact : artifacts) {
                for (ArtifactView.FilingView filing : artifact.filings()) {
                    System.out.printf("%-64s %12d %-10s %-7s %s%n", artifact.sha256(), artifact.size(), filing.kind(),
                            artifact.ledgerResult() ? "yes" : "-", filing.name());
                }
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Downloads one of a job's artifacts and checks its sha256; a file that does not match is not kept."
                    + " Without --name or --sha256 it takes the job's ledger result (or its only artifact).")
    static final class Download implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(paramLabel = "JOB_ID")
        String id;

        @ArgGroup(exclusive = true)
        Which which = new Which();

        static final class Which {
            @Option(names = "--name", paramLabel = "NAME", description = "The artifact filed under this name.")
            String name;

            @Option(names = "--sha256", paramLabel = "HASH", description = "The artifact with this hash.")
            String sha256;
        }

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write it (default: its name, here).")
        Path output;

        @Option(names = "--json", description = "Print what was downloaded as JSON.")
        boolean json;

        @Override
        public Integer call() {
            CoordinatorClient client = coordinator.client();
            ArtifactView artifact = pick(client.jobArtifacts(Inputs.jobId(id)));
            String name = which.name != null ? which.name : artifact.filings().getFirst().name();
            Path target = output != null ? output : Path.of(name);
            Hash sha256 = Hash.parse(artifact.sha256());
            if (!json && System.console() != null) {
                try (var bar = new TransferBar(name)) {
                    client.downloadArtifact(sha256, target, bar);
                }
            } else {
                client.downloadArtifact(sha256, target, Artifacts.Progress.NONE);
            }
            if (json) {
                JsonOut.print(System.out, Map.of("sha256", artifact.sha256(), "bytes", artifact.size(), "path",
                        target.toAbsolutePath().toString(), "verified", true));
            } else {
                System.out.println("Downloaded " + target + " (" + artifact.size() + " bytes, sha256 " + artifact.sha256() + " verified)");
            }
            return 0;
        }

        private ArtifactView pick(List<ArtifactView> artifacts) {
            if (which.sha256 != null) {
                return artifacts.stream().filter(a -> a.sha256().equals(which.sha256)).findFirst()
                        .orElseThrow(() -> new UserError("job " + id + " has no artifact " + which.sha256));
            }
            if (which.name != null) {
                return artifacts.stream().filter(a -> a.filings().stream().anyMatch(f -> f.name().equals(which.name)))
                        .findFirst().orElseThrow(() -> new UserError("job " + id + " has no artifact named " + which.name));
            }
            var result = artifacts.stream().filter(ArtifactView::ledgerResult).findFirst();
            if (result.isPresent()) {
                return result.get();
            }
            if (artifacts.size() != 1) {
                throw new UserError("job " + id + " has " + artifacts.size() + " artifacts and no ledger result; pick one with"
                        + " --name or --sha256 (see gridmint job artifacts " + id + ")");
            }
            return artifacts.getFirst();
        }
    }

    /** A terminal progress bar over a download's bytes. */
    private static final class TransferBar implements Artifacts.Progress, AutoCloseable {
        private final String name;
        private ProgressBar bar;

        TransferBar(String name) {
            this.name = name;
        }

        @Override
        public void started(long totalBytes) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(totalBytes, 0)).setUnit(" KiB", 1024)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().build();
        }

        @Override
        public void advanced(long bytes) {
            bar.stepBy(bytes);
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
