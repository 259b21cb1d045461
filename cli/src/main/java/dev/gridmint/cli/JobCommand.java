package dev.gridmint.cli;

import dev.gridmint.cli.output.Amounts;
import dev.gridmint.cli.output.JsonOut;
import dev.gridmint.core.crypto.Hash;
import dev.gridmint.core.state.JobSpec;
import dev.gridmint.core.tx.TxPayload.SubmitJob;
import dev.gridmint.node.api.Views.JobView;
import dev.gridmint.node.client.CoordinatorClient;
import dev.gridmint.node.workload.DilocoJob;
import dev.gridmint.node.workload.WorkloadCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "job", mixinStandardHelpOptions = true, description = "Submits and follows jobs.",
        subcommands = {JobCommand.Submit.class, JobCommand.Status.class, JobCommand.ListJobs.class, JobImportCommand.class,
                JobArtifactsCommand.ListArtifacts.class, JobArtifactsCommand.Download.class, JobLogsCommand.class,
                JobUrlCommand.class})
final class JobCommand extends CommandGroup {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = "Orders a job and locks its escrow of compute credits (buy them with 'gridmint credits buy')."
                    + " Example: gridmint job submit --key me.json train-names -- --steps 1500")
    static final class Submit implements Callable<Integer> {

        @Mixin
        KeyOptions key;

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(index = "0", arity = "0..1", paramLabel = "WORKLOAD",
                description = "Built-in workload, such as train-names (or --type train and its flags).")
        String workload;

        @Parameters(index = "1..*", paramLabel = "ARG", description = "Workload arguments, after --.")
        List<String> args = new ArrayList<>();

        @Option(names = "--devices", defaultValue = "1", description = "Devices on one node (default ${DEFAULT-VALUE}).")
        int devices;

        @Option(names = "--nodes", paramLabel = "N",
                description = "Nodes that run it at once, each with --devices devices (1..64; default 1, or K for a diloco job"
                        + " with --diloco K: one worker per node). More than one makes a gang: placed on N nodes at once or"
                        + " not at all, each told its seat in GRIDMINT_GANG_INDEX and GRIDMINT_GANG_SIZE; a lost node is"
                        + " refunded and placed again alone.")
        Integer nodes;

        @Option(names = "--max-seconds", defaultValue = "600", description = "Longest billable run (default ${DEFAULT-VALUE}).")
        long maxSeconds;

        @Option(names = "--max-price", defaultValue = "2.0", paramLabel = "CC",
                description = "Most you pay per device-hour, in compute credits (default ${DEFAULT-VALUE}).")
        String maxPrice;

        @Option(names = "--wait", description = "Follow the job until it is settled.")
        boolean await;

        // Requirements on the machine (models, VRAM, regions, spot): see RequirementOptions.
        @Mixin
        RequirementOptions requirements;

        @Mixin
        TrainOptions training;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Option(names = "--secret", paramLabel = "NAME=VALUE",
                description = "A secret env var for a container job (repeatable; VALUE @FILE reads a file), sealed to each online"
                        + " provider's announced key so only the one that runs the job can read it (docs/provider.md).")
        List<String> secrets = new ArrayList<>();

        @Override
        public Integer call() throws InterruptedException {
            nameTheWorkload();
            // Checked before anything is loaded or sent; the sealed secrets join the arguments once the key is known.
            JobSpec jobSpec = spec(args);
            CoordinatorClient client = coordinator.client();
            if (!secrets.isEmpty()) {
                List<String> jobArgs = new ArrayList<>(args);
                jobArgs.addAll(SecretSealing.sealedArgs(client, key.load().address(), workload, secrets));
                jobSpec = spec(jobArgs);
            }
            Hash jobId = order(client, key, jobSpec);
            if (!json) {
                System.out.println("Job " + jobId.hex() + " submitted; escrow " + Amounts.credits(jobSpec.worstCaseCost()));
            }
            JobView job = !await ? client.job(jobId)
                    : json ? JobFollower.untilFinished(client, jobId, Duration.ofSeconds(maxSeconds + 120), view -> { })
                    : JobFollower.withProgressBar(client, jobId, Duration.ofSeconds(maxSeconds + 120));
            if (json) {
                JsonOut.print(System.out, job);
            } else if (await) {
                JobPrinter.print(job);
            }
            return 0;
        }

        /** The workload is named as WORKLOAD -- ARGS, or by --type train and its flags; not both, not neither. */
        private void nameTheWorkload() {
            var trainingJob = training.job();
            if (trainingJob.isPresent()) {
                if (workload != null) {
                    throw new UserError("name a WORKLOAD or use --type train, not both");
                }
                workload = trainingJob.get().workload();
                args = new ArrayList<>(trainingJob.get().args());
            } else if (workload == null) {
                throw new UserError("name a WORKLOAD (" + String.join(", ", WorkloadCatalog.workloads()) + ") or use --type train");
            }
        }

        private JobSpec spec(List<String> jobArgs) {
            try {
                return new JobSpec(workload, jobArgs, devices, maxSeconds, Amounts.parseCredits(maxPrice), requirements.toRequirements(),
                        nodesFor(workload, jobArgs, nodes));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    /**
     * The nodes a job asks: as given, else K for a {@code diloco} job whose {@code --diloco K} parses (one worker per gang
     * member, each on its own provider), else 1. A diloco job whose options do not parse is left to the coordinator's
     * refusal, which names the bad option.
     */
    static int nodesFor(String workload, List<String> args, Integer nodes) {
        if (nodes != null) {
            return nodes;
        }
        if (DilocoJob.NAME.equals(workload)) {
            try {
                return DilocoJob.parse(args).workers();
            } catch (IllegalArgumentException badOptions) {
                return 1;
            }
        }
        return 1;
    }

    /** Signs and submits {@code jobSpec} with its worst-case escrow, after checking that the wallet's credits cover it. */
    static Hash order(CoordinatorClient client, KeyOptions key, JobSpec jobSpec) {
        var tenant = key.load();
        long escrow = jobSpec.worstCaseCost();
        long credits = client.account(tenant.address()).credits();
        if (credits < escrow) {
            throw new UserError("the escrow needs " + Amounts.credits(escrow) + " and the wallet holds "
                    + Amounts.credits(credits) + "; buy credits first: gridmint credits buy --key " + key.keyFile
                    + " --amount " + Amounts.credits(escrow - credits).replace(" CC", ""));
        }
        return Hash.parse(client.signAndSubmit(tenant, new SubmitJob(jobSpec, escrow)).txHash());
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows one job; with -f, follows it to"
            + " its end with a progress bar of its training (step or DiLoCo round, and the latest loss).")
    static final class Status implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Parameters(paramLabel = "JOB_ID")
        String id;

        @Option(names = {"-f", "--follow"}, description = "Follow the job until it ends, with a progress bar.")
        boolean follow;

        @Option(names = "--json", description = "Print the job as JSON (with -f: once it has ended).")
        boolean json;

        @Override
        public Integer call() throws InterruptedException {
            CoordinatorClient client = coordinator.client();
            Hash jobId = Inputs.jobId(id);
            JobView job = client.job(jobId);
            if (follow) {
                Duration timeout = Duration.ofSeconds(job.maxSeconds() + 120);
                job = json ? JobFollower.untilFinished(client, jobId, timeout, view -> { })
                        : JobFollower.withProgressBar(client, jobId, timeout);
            }
            if (json) {
                JsonOut.print(System.out, job);
            } else {
                JobPrinter.print(job);
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every job.")
    static final class ListJobs implements Callable<Integer> {

        @Mixin
        CoordinatorOptions coordinator;

        @Option(names = "--json", description = "Print the jobs as JSON.")
        boolean json;

        @Override
        public Integer call() {
            List<JobView> jobs = coordinator.client().jobs();
            if (json) {
                JsonOut.print(System.out, Map.of("jobs", jobs));
                return 0;
            }
            System.out.printf("%-14s %-10s %-12s %-6s %-10s %s%n", "JOB", "STATUS", "WORKLOAD", "NODES", "ATTEMPTS", "PROVIDER");
            for (JobView job : jobs) {
                System.out.printf("%-14s %-10s %-12s %-6d %-10d %s%n", job.id().substring(0, 12), job.status(), job.workload(),
                        job.nodes(), job.attempts(), JobPrinter.providers(job));
            }
            return 0;
        }
    }
}
